package org.clipfusion.clip.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Function;
import org.clipfusion.api.AnomalyMap;
import org.clipfusion.api.InspectionImage;
import org.clipfusion.api.MapRole;
import org.clipfusion.api.ModelInfo;
import org.clipfusion.api.spi.CategoryContext;
import org.clipfusion.api.spi.ReferenceBank;
import org.clipfusion.api.spi.Scorer;
import org.clipfusion.api.spi.ScorerException;
import org.clipfusion.api.spi.ScorerOutput;
import org.clipfusion.clip.model.OpenClipModel;
import org.clipfusion.model.tokenizer.ClipTokenizer;
import org.clipfusion.nn.NearestNeighbourSearch;
import org.clipfusion.tensor.image.RgbImage;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * PatchCLIP: CLIP's global view of an image, made spatial. The language-guided map scores crops of the
 * full-resolution image (or WinCLIP token windows) against the category's text prototypes; the vision-guided map, in
 * few-shot, measures how far each patch token and each crop embedding lies from its nearest neighbour among k normal
 * references. The image score is the anomaly probability of the whole image.
 */
final class PatchClipScorer implements Scorer {
    private final String id;
    private final OpenClipModel model;
    private final ModelInfo modelInfo;
    private final ClipPreprocessor preprocessor;
    private final PatchClipSettings settings;
    private final TextPrototypes prototypes;
    private final NearestNeighbourSearch search;

    PatchClipScorer(String id, OpenClipModel model, ModelInfo modelInfo, ClipTokenizer tokenizer,
                    ClipPreprocessor preprocessor, PatchClipSettings settings) {
        this.id = id;
        this.model = model;
        this.modelInfo = modelInfo;
        this.preprocessor = preprocessor;
        this.settings = settings;
        this.prototypes = new TextPrototypes(model, tokenizer, settings.prompts(),
                new TextPrototypeStore(TextPrototypeStore.defaultDirectory(), modelInfo.sha256()));
        this.search = new NearestNeighbourSearch(settings.searchBlockBytes());
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public List<ModelInfo> models() {
        return List.of(modelInfo);
    }

    @Override
    public List<String> prompts(CategoryContext context) {
        return prototypes.promptsOf(objectName(context));
    }

    @Override
    public boolean supportsReferences() {
        return true;
    }

    @Override
    public Set<MapRole> mapRoles() {
        return EnumSet.of(MapRole.CLIP_LANGUAGE, MapRole.CLIP_VISION);
    }

    @Override
    public Map<String, String> methodSettings() {
        Map<String, String> method = new LinkedHashMap<>();
        method.put("languageMode", settings.languageMode().name().toLowerCase(Locale.ROOT));
        method.put("aggregation", "winclip+ (per-scale banks; harmonic per scale; language: harmonic mean of the "
                + "image score and the scales; vision: mean of the patch map and the scales)");
        method.put("temperature", Double.toString(settings.temperature()));
        return method;
    }

    @Override
    public ScorerOutput score(InspectionImage image, CategoryContext context, ReferenceBank bank)
            throws ScorerException {
        PatchClipBank references = bank == null ? null : ownBank(bank);
        try {
            RgbImage rgb = new RgbImage(image.width(), image.height(), image.rgb());
            TextPrototypes.Pair text = prototypes.of(objectName(context));
            EncodedImage encoded = encode(rgb);
            double imageScore = Vectors.anomalyProbability(encoded.wholeEmbedding(), text, settings.temperature());
            MapGrid grid = MapGrid.of(rgb.width(), rgb.height(), settings.mapLongSide());
            Map<MapRole, AnomalyMap> maps = new EnumMap<>(MapRole.class);
            maps.put(MapRole.CLIP_LANGUAGE, new AnomalyMap(grid.width, grid.height,
                    languageMap(encoded, text, imageScore, grid, rgb), MapRole.CLIP_LANGUAGE, id));
            if (references != null) {
                maps.put(MapRole.CLIP_VISION, new AnomalyMap(grid.width, grid.height,
                        visionMap(encoded, references::rows, grid, rgb), MapRole.CLIP_VISION, id));
            }
            return new ScorerOutput(maps, OptionalDouble.of(imageScore));
        } catch (RuntimeException e) {
            throw new ScorerException("PatchCLIP could not score image '" + image.id() + "': " + e.getMessage(), e);
        }
    }

    /**
     * Encodes every reference as a query would be encoded, keeps one bank per scale (plus the patch tokens), and
     * measures the references' own maps: the language map of each, and the vision map of each against the bank of
     * the others (leave-one-out, from two references on). Their maxima are the bank's {@link
     * ReferenceBank#referenceMaxima()}.
     */
    @Override
    public ReferenceBank fit(CategoryContext context, List<InspectionImage> references) throws ScorerException {
        if (references.isEmpty()) {
            throw new ScorerException("PatchCLIP: no reference images to fit category '" + context.category() + "'");
        }
        List<EncodedImage> encoded = new ArrayList<>();
        List<RgbImage> images = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (InspectionImage reference : references) {
            try {
                RgbImage rgb = new RgbImage(reference.width(), reference.height(), reference.rgb());
                encoded.add(encode(rgb));
                images.add(rgb);
                ids.add(reference.id());
            } catch (RuntimeException e) {
                throw new ScorerException("PatchCLIP could not encode reference image '" + reference.id() + "': "
                        + e.getMessage(), e);
            }
        }
        Map<String, PatchClipBank.Rows> sets = new LinkedHashMap<>();
        sets.put(PatchClipBank.PATCH, rows(encoded.stream().map(EncodedImage::unitPatchTokens).toList()));
        for (int scale = 0; scale < encoded.get(0).scales().size(); scale++) {
            int index = scale;
            sets.put(encoded.get(0).scales().get(scale).key(),
                    rows(encoded.stream().map(e -> e.scales().get(index).unitEmbeddings()).toList()));
        }
        long bytes = sets.values().stream().mapToLong(rows -> 4L * rows.values().length).sum();
        if (bytes > settings.maxBankBytes()) {
            throw new ScorerException("PatchCLIP memory bank of category '" + context.category() + "' would take "
                    + bytes + " bytes for " + ids.size() + " references, over the cap maxBankBytes="
                    + settings.maxBankBytes() + "; use fewer references or raise the cap");
        }
        try {
            return new PatchClipBank(id, modelInfo.sha256(), viewRecipe(), ids, sets,
                    referenceMaxima(context, encoded, images, sets));
        } catch (RuntimeException e) {
            throw new ScorerException("PatchCLIP could not measure the references of category '"
                    + context.category() + "': " + e.getMessage(), e);
        }
    }

    private Map<MapRole, Double> referenceMaxima(CategoryContext context, List<EncodedImage> encoded,
                                                 List<RgbImage> images, Map<String, PatchClipBank.Rows> sets) {
        TextPrototypes.Pair text = prototypes.of(objectName(context));
        double language = Double.NEGATIVE_INFINITY;
        double vision = Double.NEGATIVE_INFINITY;
        for (int r = 0; r < encoded.size(); r++) {
            RgbImage rgb = images.get(r);
            MapGrid grid = MapGrid.of(rgb.width(), rgb.height(), settings.mapLongSide());
            double imageScore = Vectors.anomalyProbability(encoded.get(r).wholeEmbedding(), text,
                    settings.temperature());
            language = Math.max(language, max(languageMap(encoded.get(r), text, imageScore, grid, rgb)));
            if (encoded.size() > 1) {
                Map<String, INDArray> others = new HashMap<>();
                int reference = r;
                try {
                    vision = Math.max(vision, max(visionMap(encoded.get(r),
                            key -> others.computeIfAbsent(key, k -> sets.get(k).withoutReference(reference)),
                            grid, rgb)));
                } finally {
                    others.values().forEach(INDArray::close);
                }
            }
        }
        Map<MapRole, Double> maxima = new EnumMap<>(MapRole.class);
        maxima.put(MapRole.CLIP_LANGUAGE, language);
        if (encoded.size() > 1) {
            maxima.put(MapRole.CLIP_VISION, vision);
        }
        return maxima;
    }

    @Override
    public ReferenceBank readBank(InputStream in) throws IOException {
        PatchClipBank bank = PatchClipBank.readFrom(new BufferedInputStream(in));
        if (!bank.modelSha256().equals(modelInfo.sha256())) {
            throw new IOException("PatchCLIP memory bank was computed with weights " + bank.modelSha256()
                    + ", not the loaded " + modelInfo.file() + " (" + modelInfo.sha256() + "); refit the category");
        }
        if (!bank.viewRecipe().equals(viewRecipe())) {
            throw new IOException("PatchCLIP memory bank was made with other views (" + bank.viewRecipe() + ", now "
                    + viewRecipe() + "); refit the category");
        }
        return bank;
    }

    private PatchClipBank ownBank(ReferenceBank bank) throws ScorerException {
        if (!(bank instanceof PatchClipBank own) || !own.modelSha256().equals(modelInfo.sha256())) {
            throw new ScorerException("PatchCLIP was given a memory bank of scorer '" + bank.scorerId()
                    + "' or of other weights; refit the category");
        }
        if (!own.viewRecipe().equals(viewRecipe())) {
            throw new ScorerException("PatchCLIP memory bank was made with other views (" + own.viewRecipe()
                    + ", now " + viewRecipe() + "); refit the category");
        }
        return own;
    }

    private String objectName(CategoryContext context) {
        return settings.objectNames().objectName(context.category(), context.objectName());
    }

    /** What shapes the views of a bank: a bank of other views cannot be compared with a query's. */
    private String viewRecipe() {
        return settings.languageMode() == PatchClipSettings.LanguageMode.CROPS
                ? "crops;scales=" + Arrays.toString(settings.cropScales()) + ";stride=" + settings.strideRatio()
                : "windows;sizes=" + Arrays.toString(settings.windowSizes());
    }

    /** The whole-image view and, per scale, the crops (crops mode) or the token windows (windows mode). */
    private EncodedImage encode(RgbImage rgb) {
        MapGrid grid = MapGrid.of(rgb.width(), rgb.height(), settings.mapLongSide());
        if (settings.languageMode() == PatchClipSettings.LanguageMode.CROPS) {
            List<List<CropGrid.Crop>> perScale = new ArrayList<>();
            List<CropGrid.Crop> all = new ArrayList<>();
            for (double scale : settings.cropScales()) {
                List<CropGrid.Crop> crops = CropGrid.lay(rgb.width(), rgb.height(), scale, settings.strideRatio());
                perScale.add(crops);
                all.addAll(crops);
            }
            try (ImageViews views = ImageViews.encode(model, preprocessor, rgb, all, settings.batchSize())) {
                float[][] embeddings = views.unitCropEmbeddings();
                List<ScaleViews> scales = new ArrayList<>();
                int offset = 0;
                for (int s = 0; s < perScale.size(); s++) {
                    List<CropGrid.Crop> crops = perScale.get(s);
                    List<int[]> regions = new ArrayList<>();
                    for (CropGrid.Crop crop : crops) {
                        regions.add(new int[] {grid.x(crop.x()), grid.y(crop.y()), grid.x(crop.x() + crop.size()),
                                grid.y(crop.y() + crop.size())});
                    }
                    scales.add(new ScaleViews("crop:" + settings.cropScales()[s], grid.width, grid.height, regions,
                            Arrays.copyOfRange(embeddings, offset, offset + crops.size())));
                    offset += crops.size();
                }
                return new EncodedImage(views.wholeEmbedding(), views.unitPatchTokens(), scales);
            }
        }
        int gridHeight = model.config().vision().gridHeight();
        int gridWidth = model.config().vision().gridWidth();
        List<int[]> windows = new ArrayList<>();
        List<List<int[]>> regionsBySize = new ArrayList<>();
        for (int size : settings.windowSizes()) {
            List<int[]> regions = new ArrayList<>();
            for (int top = 0; top + size <= gridHeight; top++) {
                for (int left = 0; left + size <= gridWidth; left++) {
                    int[] window = new int[size * size];
                    for (int r = 0; r < size; r++) {
                        for (int c = 0; c < size; c++) {
                            window[r * size + c] = (top + r) * gridWidth + left + c;
                        }
                    }
                    windows.add(window);
                    regions.add(new int[] {left, top, left + size, top + size});
                }
            }
            regionsBySize.add(regions);
        }
        try (ImageViews views = ImageViews.encode(model, preprocessor, rgb, List.of(), settings.batchSize());
             INDArray embeddings = model.windowEmbeddings(views.wholeBatch(), windows.toArray(new int[0][]));
             INDArray unit = OpenClipModel.normalize(embeddings.reshape(windows.size(), -1))) {
            float[][] rows = unit.toFloatMatrix();
            List<ScaleViews> scales = new ArrayList<>();
            int offset = 0;
            for (int s = 0; s < regionsBySize.size(); s++) {
                List<int[]> regions = regionsBySize.get(s);
                scales.add(new ScaleViews("window:" + settings.windowSizes()[s], gridWidth, gridHeight, regions,
                        Arrays.copyOfRange(rows, offset, offset + regions.size())));
                offset += regions.size();
            }
            return new EncodedImage(views.wholeEmbedding(), views.unitPatchTokens(), scales);
        }
    }

    /**
     * M_CLIP,L as WinCLIP: per scale, each cell takes the harmonic mean of the anomaly probabilities of the views
     * covering it; then each cell takes the harmonic mean of the image score and its scale maps, so that with two
     * scales the whole-image view weighs a third. Windows live on the ViT patch grid, painted onto the center square
     * the whole-image view sees; outside it only the image score is known.
     */
    private float[] languageMap(EncodedImage encoded, TextPrototypes.Pair text, double imageScore, MapGrid grid,
                                RgbImage rgb) {
        List<float[]> scaleMaps = new ArrayList<>();
        for (ScaleViews scale : encoded.scales()) {
            double[] probabilities = new double[scale.unitEmbeddings().length];
            for (int i = 0; i < probabilities.length; i++) {
                probabilities[i] = Vectors.anomalyProbability(scale.unitEmbeddings()[i], text,
                        settings.temperature());
            }
            scaleMaps.add(scale.harmonicMap(probabilities));
        }
        float[] combined = combine(scaleMaps, scaleMaps.isEmpty() ? 0 : scaleMaps.get(0).length, imageScore, true);
        if (settings.languageMode() == PatchClipSettings.LanguageMode.CROPS) {
            return combined;
        }
        float[] map = new float[grid.width * grid.height];
        Arrays.fill(map, (float) imageScore);
        grid.paint(map, combined, model.config().vision().gridHeight(), model.config().vision().gridWidth(),
                preprocessor.centerSquare(rgb.width(), rgb.height()));
        return map;
    }

    /**
     * M_CLIP,V as WinCLIP+: per scale, the distance {@code min_r ½(1 − ⟨f, r⟩)} of each view to that scale's bank,
     * harmonic mean per cell over the views covering it; the patch tokens against the patch bank give one more map;
     * each cell takes the arithmetic mean of the maps that cover it (a third each with two scales). Crops: on the map
     * grid, the patch map painted on the center square; windows: on the patch grid, then painted, 0 outside.
     *
     * @param bankRows the bank's rows of a set, by key (the whole bank, or all but one reference)
     */
    private float[] visionMap(EncodedImage encoded, Function<String, INDArray> bankRows, MapGrid grid, RgbImage rgb) {
        float[] patchDistances = distances(encoded.unitPatchTokens(), bankRows.apply(PatchClipBank.PATCH));
        List<float[]> scaleMaps = new ArrayList<>();
        for (ScaleViews scale : encoded.scales()) {
            float[] distances = distances(scale.unitEmbeddings(), bankRows.apply(scale.key()));
            double[] scores = new double[distances.length];
            for (int i = 0; i < scores.length; i++) {
                scores[i] = distances[i];
            }
            scaleMaps.add(scale.harmonicMap(scores));
        }
        int gridHeight = model.config().vision().gridHeight();
        int gridWidth = model.config().vision().gridWidth();
        CropGrid.Crop center = preprocessor.centerSquare(rgb.width(), rgb.height());
        float[] map = new float[grid.width * grid.height];
        if (settings.languageMode() == PatchClipSettings.LanguageMode.CROPS) {
            float[] patchMap = new float[map.length];
            Arrays.fill(patchMap, Float.NaN);
            grid.paint(patchMap, patchDistances, gridHeight, gridWidth, center);
            List<float[]> all = new ArrayList<>(scaleMaps);
            all.add(0, patchMap);
            return combine(all, map.length, Double.NaN, false);
        }
        List<float[]> all = new ArrayList<>(scaleMaps);
        all.add(0, patchDistances);
        grid.paint(map, combine(all, patchDistances.length, Double.NaN, false), gridHeight, gridWidth, center);
        return map;
    }

    /**
     * Per cell, the harmonic ({@code harmonic}) or arithmetic mean of the maps' values there ({@code NaN} = not
     * covered) and of {@code extra} (unless {@code NaN}); 0 where nothing is known.
     */
    private static float[] combine(List<float[]> maps, int cells, double extra, boolean harmonic) {
        float[] combined = new float[cells];
        double[] values = new double[maps.size() + 1];
        for (int cell = 0; cell < cells; cell++) {
            int n = 0;
            for (float[] map : maps) {
                if (!Float.isNaN(map[cell])) {
                    values[n++] = map[cell];
                }
            }
            if (!Double.isNaN(extra)) {
                values[n++] = extra;
            }
            if (n == 0) {
                combined[cell] = 0f;
            } else if (harmonic) {
                combined[cell] = (float) HarmonicMap.of(Arrays.copyOf(values, n));
            } else {
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    sum += values[i];
                }
                combined[cell] = (float) (sum / n);
            }
        }
        return combined;
    }

    private float[] distances(float[][] unitRows, INDArray bank) {
        try (INDArray queries = Nd4j.createFromArray(unitRows)) {
            return search.halfCosineDistances(queries, bank);
        }
    }

    private static double max(float[] values) {
        double max = Double.NEGATIVE_INFINITY;
        for (float value : values) {
            max = Math.max(max, value);
        }
        return max;
    }

    /** The rows of every reference, one after the other, remembering how many each gave. */
    private static PatchClipBank.Rows rows(List<float[][]> perReference) {
        int width = perReference.get(0)[0].length;
        int count = perReference.stream().mapToInt(rows -> rows.length).sum();
        float[] values = new float[count * width];
        int[] counts = new int[perReference.size()];
        int row = 0;
        for (int r = 0; r < perReference.size(); r++) {
            counts[r] = perReference.get(r).length;
            for (float[] values1 : perReference.get(r)) {
                System.arraycopy(values1, 0, values, row++ * width, width);
            }
        }
        return new PatchClipBank.Rows(count, width, values, counts);
    }
}

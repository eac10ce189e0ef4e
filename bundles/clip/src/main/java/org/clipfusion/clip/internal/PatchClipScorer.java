package org.clipfusion.clip.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
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
        this.prototypes = new TextPrototypes(model, tokenizer, settings.prompts());
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
    public ScorerOutput score(InspectionImage image, CategoryContext context, ReferenceBank bank)
            throws ScorerException {
        PatchClipBank references = bank == null ? null : ownBank(bank);
        try {
            RgbImage rgb = new RgbImage(image.width(), image.height(), image.rgb());
            TextPrototypes.Pair text = prototypes.of(objectName(context));
            boolean needCrops = settings.languageMode() == PatchClipSettings.LanguageMode.CROPS || references != null;
            try (ImageViews views = ImageViews.encode(model, preprocessor, rgb, needCrops ? cropsOf(rgb) : List.of(),
                    settings.batchSize())) {
                double imageScore = Vectors.anomalyProbability(views.wholeEmbedding(), text, settings.temperature());
                MapGrid grid = MapGrid.of(rgb.width(), rgb.height(), settings.mapLongSide());
                Map<MapRole, AnomalyMap> maps = new EnumMap<>(MapRole.class);
                float[] language = settings.languageMode() == PatchClipSettings.LanguageMode.CROPS
                        ? cropLanguageMap(views, text, imageScore, grid)
                        : windowLanguageMap(views, rgb, text, imageScore, grid);
                maps.put(MapRole.CLIP_LANGUAGE, new AnomalyMap(grid.width, grid.height, language,
                        MapRole.CLIP_LANGUAGE, id));
                if (references != null) {
                    maps.put(MapRole.CLIP_VISION, new AnomalyMap(grid.width, grid.height,
                            visionMap(views, rgb, references, grid), MapRole.CLIP_VISION, id));
                }
                return new ScorerOutput(maps, OptionalDouble.of(imageScore));
            }
        } catch (RuntimeException e) {
            throw new ScorerException("PatchCLIP could not score image '" + image.id() + "': " + e.getMessage(), e);
        }
    }

    @Override
    public ReferenceBank fit(CategoryContext context, List<InspectionImage> references) throws ScorerException {
        if (references.isEmpty()) {
            throw new ScorerException("PatchCLIP: no reference images to fit category '" + context.category() + "'");
        }
        List<float[]> patchRows = new ArrayList<>();
        List<float[]> cropRows = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (InspectionImage reference : references) {
            try {
                RgbImage rgb = new RgbImage(reference.width(), reference.height(), reference.rgb());
                try (ImageViews views = ImageViews.encode(model, preprocessor, rgb, cropsOf(rgb),
                        settings.batchSize())) {
                    patchRows.addAll(Arrays.asList(views.unitPatchTokens()));
                    cropRows.addAll(Arrays.asList(views.unitCropEmbeddings()));
                }
                ids.add(reference.id());
            } catch (RuntimeException e) {
                throw new ScorerException("PatchCLIP could not encode reference image '" + reference.id() + "': "
                        + e.getMessage(), e);
            }
        }
        PatchClipBank bank = new PatchClipBank(id, modelInfo.sha256(), ids, rows(patchRows), rows(cropRows));
        if (bank.bytes() > settings.maxBankBytes()) {
            throw new ScorerException("PatchCLIP memory bank of category '" + context.category() + "' would take "
                    + bank.bytes() + " bytes for " + ids.size() + " references, over the cap maxBankBytes="
                    + settings.maxBankBytes() + "; use fewer references or raise the cap");
        }
        return bank;
    }

    @Override
    public ReferenceBank readBank(InputStream in) throws IOException {
        PatchClipBank bank = PatchClipBank.readFrom(new BufferedInputStream(in));
        if (!bank.modelSha256().equals(modelInfo.sha256())) {
            throw new IOException("PatchCLIP memory bank was computed with weights " + bank.modelSha256()
                    + ", not the loaded " + modelInfo.file() + " (" + modelInfo.sha256() + "); refit the category");
        }
        return bank;
    }

    private PatchClipBank ownBank(ReferenceBank bank) throws ScorerException {
        if (!(bank instanceof PatchClipBank own) || !own.modelSha256().equals(modelInfo.sha256())) {
            throw new ScorerException("PatchCLIP was given a memory bank of scorer '" + bank.scorerId()
                    + "' or of other weights; refit the category");
        }
        return own;
    }

    private String objectName(CategoryContext context) {
        return settings.objectNames().objectName(context.category(), context.objectName());
    }

    private List<CropGrid.Crop> cropsOf(RgbImage rgb) {
        List<CropGrid.Crop> crops = new ArrayList<>();
        for (double scale : settings.cropScales()) {
            crops.addAll(CropGrid.lay(rgb.width(), rgb.height(), scale, settings.strideRatio()));
        }
        return crops;
    }

    /** Per scale, the harmonic mean of the crops covering a pixel; then scales and the image score, harmonically. */
    private float[] cropLanguageMap(ImageViews views, TextPrototypes.Pair text, double imageScore, MapGrid grid) {
        List<CropGrid.Crop> crops = views.crops();
        float[][] embeddings = views.unitCropEmbeddings();
        List<float[]> perScale = new ArrayList<>();
        HarmonicMap current = null;
        int currentSize = -1;
        for (int i = 0; i < crops.size(); i++) {
            CropGrid.Crop crop = crops.get(i);
            if (crop.size() != currentSize) {
                if (current != null) {
                    perScale.add(current.means());
                }
                current = new HarmonicMap(grid.width, grid.height);
                currentSize = crop.size();
            }
            double probability = Vectors.anomalyProbability(embeddings[i], text, settings.temperature());
            current.add(grid.x(crop.x()), grid.y(crop.y()), grid.x(crop.x() + crop.size()),
                    grid.y(crop.y() + crop.size()), probability);
        }
        if (current != null) {
            perScale.add(current.means());
        }
        float[] combined = new float[grid.width * grid.height];
        double[] values = new double[perScale.size() + 1];
        for (int cell = 0; cell < combined.length; cell++) {
            int n = 0;
            for (float[] scaleMap : perScale) {
                if (!Float.isNaN(scaleMap[cell])) {
                    values[n++] = scaleMap[cell];
                }
            }
            values[n++] = imageScore;
            combined[cell] = (float) HarmonicMap.of(Arrays.copyOf(values, n));
        }
        return combined;
    }

    /** WinCLIP: k×k windows of patch tokens through the transformer, harmonic per patch, inside the center square. */
    private float[] windowLanguageMap(ImageViews views, RgbImage rgb, TextPrototypes.Pair text, double imageScore,
                                      MapGrid grid) {
        int gridHeight = model.config().vision().gridHeight();
        int gridWidth = model.config().vision().gridWidth();
        List<int[]> windows = new ArrayList<>();
        for (int size : settings.windowSizes()) {
            for (int top = 0; top + size <= gridHeight; top++) {
                for (int left = 0; left + size <= gridWidth; left++) {
                    int[] window = new int[size * size];
                    for (int r = 0; r < size; r++) {
                        for (int c = 0; c < size; c++) {
                            window[r * size + c] = (top + r) * gridWidth + left + c;
                        }
                    }
                    windows.add(window);
                }
            }
        }
        HarmonicMap patches = new HarmonicMap(gridWidth, gridHeight);
        try (INDArray embeddings = model.windowEmbeddings(views.wholeBatch(), windows.toArray(new int[0][]));
             INDArray unit = OpenClipModel.normalize(embeddings.reshape(windows.size(), -1))) {
            float[][] rows = unit.toFloatMatrix();
            for (int w = 0; w < windows.size(); w++) {
                double probability = Vectors.anomalyProbability(rows[w], text, settings.temperature());
                for (int patch : windows.get(w)) {
                    patches.add(patch % gridWidth, patch / gridWidth, patch % gridWidth + 1, patch / gridWidth + 1,
                            probability);
                }
            }
        }
        patches.addEverywhere(imageScore);
        float[] map = new float[grid.width * grid.height];
        Arrays.fill(map, (float) imageScore); // outside the center square the whole-image view is all we know
        grid.paint(map, patches.means(), gridHeight, gridWidth, preprocessor.centerSquare(rgb.width(), rgb.height()));
        return map;
    }

    /** Mean of the patch-token map (inside the center square) and the crop map; the crop map alone outside. */
    private float[] visionMap(ImageViews views, RgbImage rgb, PatchClipBank bank, MapGrid grid) {
        float[] cropDistances;
        try (INDArray queries = NearestNeighbourSearch.normalizeRows(
                org.nd4j.linalg.factory.Nd4j.createFromArray(views.unitCropEmbeddings()))) {
            cropDistances = search.halfCosineDistances(queries, bank.cropEmbeddings());
        }
        double[] sums = new double[grid.width * grid.height];
        int[] counts = new int[sums.length];
        List<CropGrid.Crop> crops = views.crops();
        for (int i = 0; i < crops.size(); i++) {
            CropGrid.Crop crop = crops.get(i);
            for (int y = grid.y(crop.y()); y < Math.min(grid.height, grid.y(crop.y() + crop.size())); y++) {
                for (int x = grid.x(crop.x()); x < Math.min(grid.width, grid.x(crop.x() + crop.size())); x++) {
                    sums[y * grid.width + x] += cropDistances[i];
                    counts[y * grid.width + x]++;
                }
            }
        }
        float[] patchDistances;
        try (INDArray tokens = org.nd4j.linalg.factory.Nd4j.createFromArray(views.unitPatchTokens())) {
            patchDistances = search.halfCosineDistances(tokens, bank.patchTokens());
        }
        float[] patchMap = new float[sums.length];
        boolean[] covered = grid.paint(patchMap, patchDistances, model.config().vision().gridHeight(),
                model.config().vision().gridWidth(), preprocessor.centerSquare(rgb.width(), rgb.height()));
        float[] map = new float[sums.length];
        for (int cell = 0; cell < map.length; cell++) {
            float crop = counts[cell] == 0 ? Float.NaN : (float) (sums[cell] / counts[cell]);
            if (covered[cell]) {
                map[cell] = Float.isNaN(crop) ? patchMap[cell] : 0.5f * (crop + patchMap[cell]);
            } else {
                map[cell] = Float.isNaN(crop) ? 0f : crop;
            }
        }
        return map;
    }

    private static PatchClipBank.Rows rows(List<float[]> rows) {
        int width = rows.get(0).length;
        float[] values = new float[rows.size() * width];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, values, i * width, width);
        }
        return new PatchClipBank.Rows(rows.size(), width, values);
    }
}

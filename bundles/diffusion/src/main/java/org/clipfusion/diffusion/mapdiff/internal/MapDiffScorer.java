package org.clipfusion.diffusion.mapdiff.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import org.clipfusion.api.AnomalyMap;
import org.clipfusion.api.InspectionImage;
import org.clipfusion.api.MapRole;
import org.clipfusion.api.ModelInfo;
import org.clipfusion.api.spi.CategoryContext;
import org.clipfusion.api.spi.ReferenceBank;
import org.clipfusion.api.spi.Scorer;
import org.clipfusion.api.spi.ScorerException;
import org.clipfusion.api.spi.ScorerOutput;
import org.clipfusion.model.tokenizer.ClipTokenizer;
import org.clipfusion.nn.NearestNeighbourSearch;
import org.clipfusion.tensor.image.RgbImage;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * MapDiff: Stable Diffusion used as a feature extractor, not as a generator. An image is encoded by the VAE, noised
 * once to timestep t with a fixed ε, and passed once through the UNet with the category's anomaly prompts (one batch
 * element per prompt, and in few-shot one more for the neutral feature prompt). The cross-attention on the anomaly
 * words gives the language-guided map (zero- and few-shot); the up-block features under the neutral prompt against a
 * memory bank of k normal references give the vision-guided map (few-shot).
 *
 * <p>Maps are returned on the latent grid; the engine resamples them. MapDiff gives no image score: the paper's image
 * score is made from the CLIP score and the fused map (method.md §5), not from a diffusion score.
 */
final class MapDiffScorer implements Scorer {
    private final String id;
    private final StableDiffusionParts model;
    private final MapDiffSettings settings;
    private final UNetLayers layers;
    private final TextConditioner conditioner;
    private final NoisyLatents latents;
    private final LatentGrid grid;
    private final NearestNeighbourSearch search;
    private final String weightsFingerprint;

    /**
     * @throws IllegalArgumentException when the settings do not fit the model (a layer it lacks, an image size that
     *     is not a multiple of its downsampling, a timestep outside its schedule, a prompt without its anomaly word)
     */
    MapDiffScorer(String id, StableDiffusionParts model, ClipTokenizer tokenizer, MapDiffSettings settings) {
        if (settings.imageSize() % model.imageSizeMultiple() != 0) {
            throw new IllegalArgumentException("MapDiff imageSize " + settings.imageSize() + " is not a multiple of "
                    + model.imageSizeMultiple() + " (the VAE's downsampling " + model.latentScale()
                    + " times the UNet's " + (model.imageSizeMultiple() / model.latentScale()) + ")");
        }
        this.id = id;
        this.model = model;
        this.settings = settings;
        this.layers = UNetLayers.resolve(model.unet(), settings.attentionLayers(), settings.featureLayers());
        this.conditioner = new TextConditioner(model.textEncoder(), tokenizer, settings.prompts(),
                settings.featurePrompt(), settings.padding());
        this.latents = new NoisyLatents(model.vae(), model.scheduler(), settings.imageSize(), settings.timestep(),
                settings.noiseSeed());
        this.grid = new LatentGrid(latents.side());
        this.search = new NearestNeighbourSearch(settings.searchBlockBytes());
        this.weightsFingerprint = model.weightsFingerprint();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public List<ModelInfo> models() {
        return model.models();
    }

    /** The layers this scorer captures, for provenance and tests. */
    UNetLayers layers() {
        return layers;
    }

    /** The text conditioning of a category: its prompts and anomaly-word token positions. */
    TextConditioning conditioning(CategoryContext context) {
        return conditioner.of(objectName(context));
    }

    /** The grid of the returned maps. */
    LatentGrid grid() {
        return grid;
    }

    @Override
    public boolean supportsReferences() {
        return true;
    }

    @Override
    public Set<MapRole> mapRoles() {
        return EnumSet.of(MapRole.DIFFUSION_LANGUAGE, MapRole.DIFFUSION_VISION);
    }

    @Override
    public Map<String, String> methodSettings() {
        Map<String, String> method = new LinkedHashMap<>();
        method.put("attentionScale", settings.attentionScale().configName());
        method.put("featurePrompt", settings.featurePrompt().isEmpty() ? "(mean over the anomaly prompts)"
                : settings.featurePrompt());
        method.put("timestep", Integer.toString(settings.timestep()));
        return method;
    }

    @Override
    public ScorerOutput score(InspectionImage image, CategoryContext context, ReferenceBank bank)
            throws ScorerException {
        MapDiffBank references = bank == null ? null : ownBank(bank);
        try {
            TextConditioning text = conditioning(context);
            try (UNetCapture capture = forward(image, text, references != null)) {
                Map<MapRole, AnomalyMap> maps = new EnumMap<>(MapRole.class);
                maps.put(MapRole.DIFFUSION_LANGUAGE, new AnomalyMap(grid.side(), grid.side(),
                        LanguageMap.of(capture, layers.attention(), text, settings.attentionScale(), grid),
                        MapRole.DIFFUSION_LANGUAGE, id));
                if (references != null) {
                    List<INDArray> rows = featureRows(capture, text);
                    try {
                        List<INDArray> bankRows = new ArrayList<>();
                        for (int index = 0; index < rows.size(); index++) {
                            bankRows.add(references.rows(index));
                        }
                        maps.put(MapRole.DIFFUSION_VISION, new AnomalyMap(grid.side(), grid.side(),
                                VisionMap.of(rows, bankRows, search, grid), MapRole.DIFFUSION_VISION, id));
                    } finally {
                        rows.forEach(INDArray::close);
                    }
                }
                return new ScorerOutput(maps, OptionalDouble.empty());
            }
        } catch (RuntimeException e) {
            throw new ScorerException("MapDiff could not score image '" + image.id() + "': " + e.getMessage(), e);
        }
    }

    /**
     * Encodes every reference as a query is encoded (anomaly prompts and feature prompt in one forward), keeps the
     * feature rows as the bank, and measures the references' own maps: each one's language map, and its vision map
     * against the other references (leave-one-out, from two references on). Their maxima are the bank's
     * {@link ReferenceBank#referenceMaxima()}.
     */
    @Override
    public ReferenceBank fit(CategoryContext context, List<InspectionImage> references) throws ScorerException {
        if (references.isEmpty()) {
            throw new ScorerException("MapDiff: no reference images to fit category '" + context.category() + "'");
        }
        TextConditioning text;
        try {
            text = conditioning(context);
        } catch (RuntimeException e) {
            throw new ScorerException("MapDiff could not encode the prompts of category '" + context.category()
                    + "': " + e.getMessage(), e);
        }
        List<List<float[][]>> rowsByReference = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        double languageMaximum = Double.NEGATIVE_INFINITY;
        for (InspectionImage reference : references) {
            try (UNetCapture capture = forward(reference, text, true)) {
                languageMaximum = Math.max(languageMaximum,
                        max(LanguageMap.of(capture, layers.attention(), text, settings.attentionScale(), grid)));
                List<float[][]> layerRows = new ArrayList<>();
                long bytesPerReference = 0;
                for (INDArray rows : featureRows(capture, text)) {
                    try (rows) {
                        float[][] matrix = rows.toFloatMatrix();
                        layerRows.add(matrix);
                        bytesPerReference += (long) Float.BYTES * matrix.length * matrix[0].length;
                    }
                }
                rowsByReference.add(layerRows);
                // Every reference adds as much, so the first one tells the bank's size: refuse before the rest.
                long bankBytes = bytesPerReference * references.size();
                if (bankBytes > settings.maxBankBytes()) {
                    throw new ScorerException("MapDiff memory bank of category '" + context.category()
                            + "' would take " + bankBytes + " bytes (" + bytesPerReference + " per reference) for "
                            + references.size() + " references, over the cap maxBankBytes="
                            + settings.maxBankBytes() + "; use fewer references, fewer or coarser featureLayers, "
                            + "or raise the cap");
                }
            } catch (RuntimeException e) {
                throw new ScorerException("MapDiff could not encode reference image '" + reference.id() + "': "
                        + e.getMessage(), e);
            }
            ids.add(reference.id());
        }
        List<MapDiffBank.LayerRows> bankLayers = new ArrayList<>();
        for (int index = 0; index < layers.features().size(); index++) {
            int layer = index;
            bankLayers.add(stack(layers.features().get(index),
                    rowsByReference.stream().map(rows -> rows.get(layer)).toList()));
        }
        Map<MapRole, Double> maxima = new EnumMap<>(MapRole.class);
        maxima.put(MapRole.DIFFUSION_LANGUAGE, languageMaximum);
        if (references.size() > 1) {
            try {
                maxima.put(MapRole.DIFFUSION_VISION, leaveOneOutMaximum(rowsByReference));
            } catch (RuntimeException e) {
                throw new ScorerException("MapDiff could not measure the references of category '"
                        + context.category() + "': " + e.getMessage(), e);
            }
        }
        return new MapDiffBank(id, weightsFingerprint, settings.featureRecipe(), ids, bankLayers, maxima);
    }

    /** The largest value of any reference's vision map against the bank of the other references. */
    private double leaveOneOutMaximum(List<List<float[][]>> rowsByReference) {
        double maximum = Double.NEGATIVE_INFINITY;
        for (int held = 0; held < rowsByReference.size(); held++) {
            List<INDArray> queries = new ArrayList<>();
            List<INDArray> others = new ArrayList<>();
            try {
                for (int layer = 0; layer < layers.features().size(); layer++) {
                    queries.add(Nd4j.createFromArray(rowsByReference.get(held).get(layer)));
                    List<float[][]> rest = new ArrayList<>();
                    for (int r = 0; r < rowsByReference.size(); r++) {
                        if (r != held) {
                            rest.add(rowsByReference.get(r).get(layer));
                        }
                    }
                    MapDiffBank.LayerRows rows = stack(layers.features().get(layer), rest);
                    others.add(Nd4j.create(rows.values(), new long[] {rows.count(), rows.width()}, 'c'));
                }
                maximum = Math.max(maximum, max(VisionMap.of(queries, others, search, grid)));
            } finally {
                queries.forEach(INDArray::close);
                others.forEach(INDArray::close);
            }
        }
        return maximum;
    }

    /** Per feature layer, new unit rows of the feature prompt's element (or the anomaly prompts' mean). */
    private List<INDArray> featureRows(UNetCapture capture, TextConditioning text) {
        List<INDArray> rows = new ArrayList<>();
        for (String layer : layers.features()) {
            INDArray output = capture.get(layer);
            rows.add(text.hasFeaturePrompt()
                    ? FeatureRows.unitRows(output, (int) output.size(0) - 1, (int) output.size(0))
                    : FeatureRows.unitRows(output, 0, text.promptCount()));
        }
        return rows;
    }

    private static double max(float[] values) {
        double max = Double.NEGATIVE_INFINITY;
        for (float value : values) {
            max = Math.max(max, value);
        }
        return max;
    }

    @Override
    public ReferenceBank readBank(InputStream in) throws IOException {
        MapDiffBank bank = MapDiffBank.readFrom(new BufferedInputStream(in));
        String mismatch = mismatch(bank);
        if (mismatch != null) {
            throw new IOException(mismatch);
        }
        return bank;
    }

    private MapDiffBank ownBank(ReferenceBank bank) throws ScorerException {
        if (!(bank instanceof MapDiffBank own)) {
            throw new ScorerException("MapDiff was given a memory bank of scorer '" + bank.scorerId()
                    + "'; refit the category");
        }
        String mismatch = mismatch(own);
        if (mismatch != null) {
            throw new ScorerException(mismatch);
        }
        return own;
    }

    /** Why {@code bank} cannot be used with this scorer, or null when it can. */
    private String mismatch(MapDiffBank bank) {
        if (!bank.weightsFingerprint().equals(weightsFingerprint)) {
            return "MapDiff memory bank was computed with other weights (fingerprint " + bank.weightsFingerprint()
                    + ", loaded " + weightsFingerprint + " from " + models() + "); refit the category";
        }
        if (!bank.featureRecipe().equals(settings.featureRecipe())) {
            return "MapDiff memory bank was computed with other settings (" + bank.featureRecipe() + ", now "
                    + settings.featureRecipe() + "); refit the category";
        }
        return null;
    }

    /** One UNet forward: the anomaly prompts (language map) and, {@code withFeatures}, the feature prompt. */
    private UNetCapture forward(InspectionImage image, TextConditioning text, boolean withFeatures) {
        float[] noisy = latents.of(new RgbImage(image.width(), image.height(), image.rgb()));
        return UNetCapture.run(model.unet(), noisy, latents.channels(), latents.side(), text, true, withFeatures,
                settings.timestep(), layers.outputs(true, withFeatures));
    }

    private String objectName(CategoryContext context) {
        return settings.objectNames().objectName(context.category(), context.objectName());
    }

    private static MapDiffBank.LayerRows stack(String layer, List<float[][]> perReference) {
        int width = perReference.get(0)[0].length;
        int count = perReference.stream().mapToInt(rows -> rows.length).sum();
        float[] values = new float[Math.multiplyExact(count, width)];
        int row = 0;
        for (float[][] rows : perReference) {
            for (float[] values1 : rows) {
                System.arraycopy(values1, 0, values, row++ * width, width);
            }
        }
        return new MapDiffBank.LayerRows(layer, count, width, values);
    }
}

package org.clipfusion.diffusion.mapdiff.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
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
import org.clipfusion.model.tokenizer.ClipTokenizer;
import org.clipfusion.nn.NearestNeighbourSearch;
import org.clipfusion.tensor.image.RgbImage;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * MapDiff: Stable Diffusion used as a feature extractor, not as a generator. An image is encoded by the VAE, noised
 * once to timestep t with a fixed ε, and passed once through the UNet with the category's anomaly prompts (one batch
 * element per prompt). The cross-attention on the anomaly words gives the language-guided map (zero- and few-shot);
 * the up-block features against a memory bank of k normal references give the vision-guided map (few-shot).
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
        this.conditioner = new TextConditioner(model.textEncoder(), tokenizer, settings.prompts(), settings.padding());
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
    public ScorerOutput score(InspectionImage image, CategoryContext context, ReferenceBank bank)
            throws ScorerException {
        MapDiffBank references = bank == null ? null : ownBank(bank);
        try {
            TextConditioning text = conditioning(context);
            try (UNetCapture capture = forward(image, text, true, references != null)) {
                Map<MapRole, AnomalyMap> maps = new EnumMap<>(MapRole.class);
                maps.put(MapRole.DIFFUSION_LANGUAGE, new AnomalyMap(grid.side(), grid.side(),
                        LanguageMap.of(capture, layers.attention(), text, grid), MapRole.DIFFUSION_LANGUAGE, id));
                if (references != null) {
                    maps.put(MapRole.DIFFUSION_VISION, new AnomalyMap(grid.side(), grid.side(),
                            VisionMap.of(capture, layers.features(), references, search, grid),
                            MapRole.DIFFUSION_VISION, id));
                }
                return new ScorerOutput(maps, OptionalDouble.empty());
            }
        } catch (RuntimeException e) {
            throw new ScorerException("MapDiff could not score image '" + image.id() + "': " + e.getMessage(), e);
        }
    }

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
        List<List<float[]>> rowsByLayer = new ArrayList<>();
        layers.features().forEach(layer -> rowsByLayer.add(new ArrayList<>()));
        List<String> ids = new ArrayList<>();
        long bytesPerReference = 0;
        for (InspectionImage reference : references) {
            try (UNetCapture capture = forward(reference, text, false, true)) {
                long bytes = 0;
                for (int index = 0; index < layers.features().size(); index++) {
                    try (INDArray rows = FeatureRows.unitRows(capture.get(layers.features().get(index)))) {
                        float[][] matrix = rows.toFloatMatrix();
                        rowsByLayer.get(index).addAll(List.of(matrix));
                        bytes += (long) Float.BYTES * matrix.length * matrix[0].length;
                    }
                }
                bytesPerReference = bytes;
            } catch (RuntimeException e) {
                throw new ScorerException("MapDiff could not encode reference image '" + reference.id() + "': "
                        + e.getMessage(), e);
            }
            ids.add(reference.id());
            // Every reference adds as much, so the first one tells the bank's size: refuse before encoding the rest.
            long bankBytes = bytesPerReference * references.size();
            if (bankBytes > settings.maxBankBytes()) {
                throw new ScorerException("MapDiff memory bank of category '" + context.category() + "' would take "
                        + bankBytes + " bytes (" + bytesPerReference + " per reference) for " + references.size()
                        + " references, over the cap maxBankBytes=" + settings.maxBankBytes()
                        + "; use fewer references, fewer or coarser featureLayers, or raise the cap");
            }
        }
        List<MapDiffBank.LayerRows> bankLayers = new ArrayList<>();
        for (int index = 0; index < layers.features().size(); index++) {
            bankLayers.add(stack(layers.features().get(index), rowsByLayer.get(index)));
        }
        return new MapDiffBank(id, weightsFingerprint, settings.featureRecipe(), ids, bankLayers);
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

    private UNetCapture forward(InspectionImage image, TextConditioning text, boolean withAttention,
                                boolean withFeatures) {
        float[] noisy = latents.of(new RgbImage(image.width(), image.height(), image.rgb()));
        return UNetCapture.run(model.unet(), noisy, latents.channels(), latents.side(), text, settings.timestep(),
                layers.outputs(withAttention, withFeatures));
    }

    private String objectName(CategoryContext context) {
        return settings.objectNames().objectName(context.category(), context.objectName());
    }

    private static MapDiffBank.LayerRows stack(String layer, List<float[]> rows) {
        int width = rows.get(0).length;
        float[] values = new float[Math.multiplyExact(rows.size(), width)];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, values, i * width, width);
        }
        return new MapDiffBank.LayerRows(layer, rows.size(), width, values);
    }
}

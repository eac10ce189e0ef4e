package org.clipfusion.clip.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.clipfusion.clip.model.internal.ImageBatch;
import org.clipfusion.clip.model.internal.OpenClipWeights;
import org.clipfusion.clip.model.internal.TextTower;
import org.clipfusion.clip.model.internal.TokenBatch;
import org.clipfusion.clip.model.internal.VisionTower;
import org.clipfusion.clip.model.internal.WindowBatches;
import org.clipfusion.model.ModelLoadException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * An open_clip CLIP model (ViT image tower + causal text tower) running as SameDiff graphs on ND4J, numerically
 * equal to open_clip in fp32 (about 1e-5). Built once by {@link #load}; every call reuses the graphs.
 *
 * <p><b>Arrays.</b> Images are already-preprocessed float tensors {@code [B, 3, H, W]} (NCHW, the config's image
 * size; other float types are converted). Results are new float32 {@link INDArray}s owned by the caller: they live
 * off-heap, so close them (or let them fall out of scope in short-lived code); this model keeps nothing of a call
 * once it returns.
 *
 * <p><b>Threads.</b> Instances are safe to share. Calls into the same tower (image or text) run one at a time;
 * image and text calls may overlap. One forward already uses every core ND4J is given; for parallel throughput
 * load more instances.
 *
 * <p><b>Files.</b> {@link #load(Path)} reads a directory holding the open_clip model config as {@code config.json}
 * (or a Hugging Face hub {@code open_clip_config.json}) and the weights as {@code model.safetensors} (or the hub's
 * {@code open_clip_model.safetensors}, or {@code open_clip_pytorch_model.safetensors}), the first name found in
 * that order. Weights may be F32, F16 or BF16 and are computed with in F32.
 */
public final class OpenClipModel implements AutoCloseable {
    /** Config file names {@link #load(Path)} looks for, in order. */
    public static final List<String> CONFIG_FILE_NAMES = List.of("config.json", "open_clip_config.json");
    /** Weight file names {@link #load(Path)} looks for, in order. */
    public static final List<String> WEIGHTS_FILE_NAMES = List.of(
            "model.safetensors", "open_clip_model.safetensors", "open_clip_pytorch_model.safetensors");
    /**
     * By default, at most this many window sequences (images × windows) go through the image transformer in one
     * forward of {@link #windowEmbeddings}: the activations of a forward grow linearly with it.
     */
    public static final int WINDOW_SEQUENCES_PER_FORWARD = 4096;
    /** {@code F.normalize}'s lower bound on the norm. */
    private static final double NORM_EPSILON = 1e-12;

    private final OpenClipConfig config;
    private final OpenClipWeights weights;
    private final VisionTower vision;
    private final TextTower text;
    private final float logitScale;
    private volatile boolean closed;

    private OpenClipModel(OpenClipConfig config, OpenClipWeights weights, VisionTower vision, TextTower text) {
        this.config = config;
        this.weights = weights;
        this.vision = vision;
        this.text = text;
        this.logitScale = weights.logitScale();
    }

    /**
     * Loads the model in {@code modelDirectory} (see the class comment for the file names).
     *
     * @throws ModelLoadException when a file is missing, the config is invalid or unsupported, or the checkpoint
     *     does not match the config (naming every missing, unexpected and mis-shaped key)
     */
    public static OpenClipModel load(Path modelDirectory) throws IOException {
        Path configFile = firstExisting(modelDirectory, CONFIG_FILE_NAMES).orElseThrow(() -> new ModelLoadException(
                modelDirectory.toString(), "no open_clip model config: none of " + CONFIG_FILE_NAMES + " exists"));
        Path weightsFile = firstExisting(modelDirectory, WEIGHTS_FILE_NAMES).orElseThrow(() -> new ModelLoadException(
                modelDirectory.toString(), "no open_clip weights: none of " + WEIGHTS_FILE_NAMES + " exists"));
        return load(OpenClipConfig.read(configFile), weightsFile);
    }

    /**
     * Loads the weights in {@code weightsFile} (safetensors, open_clip key names) for the architecture {@code config}.
     *
     * @throws ModelLoadException when the checkpoint does not match the config
     */
    public static OpenClipModel load(OpenClipConfig config, Path weightsFile) throws IOException {
        OpenClipWeights weights = OpenClipWeights.read(weightsFile, config);
        VisionTower vision = null;
        try {
            vision = VisionTower.build(config, weights);
            return new OpenClipModel(config, weights, vision, TextTower.build(config, weights));
        } catch (RuntimeException e) {
            if (vision != null) {
                vision.close();
            }
            weights.close();
            throw e;
        }
    }

    /** The architecture. */
    public OpenClipConfig config() {
        return config;
    }

    /** The checkpoint's {@code logit_scale}: the log of the factor {@link #logits} multiplies cosines by. */
    public float logitScale() {
        return logitScale;
    }

    /** {@code model.encode_image(images)}: {@code [B, embed_dim]}, not normalised. */
    public INDArray encodeImage(INDArray images) {
        return imageOutputs(images, OpenClipOutputs.IMAGE_FEATURES).get(OpenClipOutputs.IMAGE_FEATURES);
    }

    /** The patch tokens after {@code ln_post}, unprojected: {@code [B, N, width]}, row-major over the patch grid. */
    public INDArray patchTokens(INDArray images) {
        return imageOutputs(images, OpenClipOutputs.PATCH_TOKENS).get(OpenClipOutputs.PATCH_TOKENS);
    }

    /**
     * Any of {@link OpenClipOutputs#imageOutputs(OpenClipConfig)} (image features, patch tokens, per-block
     * intermediates, ...) from one forward pass.
     *
     * @throws IllegalArgumentException for another name, or images of the wrong shape
     */
    public Map<String, INDArray> imageOutputs(INDArray images, String... names) {
        List<String> requested = checkNames(names, OpenClipOutputs.imageOutputs(config), "image");
        checkOpen();
        try (ImageBatch input = ImageBatch.of(images, config)) {
            return vision.run(input.array(), requested);
        }
    }

    /** {@code model.encode_text(ids)}: {@code [T, embed_dim]}, not normalised. */
    public INDArray encodeText(long[][] tokenIds) {
        return textOutputs(tokenIds, OpenClipOutputs.TEXT_FEATURES).get(OpenClipOutputs.TEXT_FEATURES);
    }

    /**
     * Any of {@link OpenClipOutputs#textOutputs(OpenClipConfig)} from one forward pass.
     *
     * @param tokenIds one row of exactly {@code context_length} ids per text, as open_clip's tokenizer makes them
     *     (start, BPE ids, end-of-text, zero padding); each text is pooled at its largest id, the end-of-text token
     * @throws IllegalArgumentException for another name, a row of another length or an id outside the vocabulary
     */
    public Map<String, INDArray> textOutputs(long[][] tokenIds, String... names) {
        List<String> requested = checkNames(names, OpenClipOutputs.textOutputs(config), "text");
        checkOpen();
        TokenBatch batch = TokenBatch.of(tokenIds, config.text());
        // Only the pooled features may be computed on the cut sequence; the per-token outputs keep every position.
        boolean pooledOnly = requested.equals(List.of(OpenClipOutputs.TEXT_FEATURES));
        int length = pooledOnly ? batch.pooledLength() : batch.contextLength();
        long[][] fed = length == batch.contextLength() ? tokenIds : TokenBatch.cut(tokenIds, length);
        try (INDArray ids = Nd4j.createFromArray(fed); INDArray eotRows = Nd4j.createFromArray(batch.eotRows(length))) {
            return text.run(ids, eotRows, requested);
        }
    }

    /**
     * WinCLIP window embeddings ({@code [B, W, embed_dim]}, not normalised): for window {@code w} of image {@code
     * b}, the class token and the patch tokens {@code windows[w]} of the image's feature map (see {@link
     * OpenClipOutputs#FEATURE_MAP}) as one sequence through ln_pre, the transformer and ln_post, class token @ proj.
     * Windows are batched, up to {@link #WINDOW_SEQUENCES_PER_FORWARD} sequences (images × windows) per forward.
     *
     * @param windows per window, its patch indices ({@code 0 ≤ i < N}, row-major over the grid, not offset for the
     *     class token); windows may differ in size
     * @throws IllegalArgumentException for an empty window or an index outside the grid
     */
    public INDArray windowEmbeddings(INDArray images, int[][] windows) {
        return windowEmbeddings(images, windows, WINDOW_SEQUENCES_PER_FORWARD);
    }

    /**
     * As {@link #windowEmbeddings(INDArray, int[][])}, with at most {@code maxSequencesPerForward} window
     * sequences (images × windows) per forward: lower it to bound memory, raise it for fewer, larger forwards.
     */
    public INDArray windowEmbeddings(INDArray images, int[][] windows, int maxSequencesPerForward) {
        if (maxSequencesPerForward < 1) {
            throw new IllegalArgumentException("maxSequencesPerForward must be positive, got "
                    + maxSequencesPerForward);
        }
        checkOpen();
        WindowBatches batches = WindowBatches.of(windows, config.vision().patchCount(), maxSequencesPerForward);
        try (ImageBatch input = ImageBatch.of(images, config)) {
            long imageCount = input.array().size(0);
            INDArray result = Nd4j.create(DataType.FLOAT, imageCount, windows.length, config.embedDim());
            try {
                for (WindowBatches.Batch batch : batches.batches()) {
                    int imagesPerForward = Math.max(1, maxSequencesPerForward / batch.positions().length);
                    for (long first = 0; first < imageCount; first += imagesPerForward) {
                        embedWindows(input.array(), first, Math.min(imageCount, first + imagesPerForward), batch,
                                result);
                    }
                }
            } catch (RuntimeException e) {
                result.close();
                throw e;
            }
            return result;
        }
    }

    /**
     * {@code model.get_logits(images, ids)[0]}: {@code exp(logit_scale) · normalize(image) @ normalize(text)ᵀ},
     * {@code [B, T]}.
     */
    public INDArray logits(INDArray images, long[][] tokenIds) {
        try (INDArray imageFeatures = encodeImage(images); INDArray textFeatures = encodeText(tokenIds)) {
            return logits(imageFeatures, textFeatures);
        }
    }

    /** As {@link #logits(INDArray, long[][])}, from features already computed ({@code [B, E]} and {@code [T, E]}). */
    public INDArray logits(INDArray imageFeatures, INDArray textFeatures) {
        try (INDArray image = normalize(imageFeatures); INDArray text = normalize(textFeatures)) {
            image.muli((float) Math.exp(logitScale));
            return image.mmul(text.transpose());
        }
    }

    /**
     * {@code F.normalize(features, dim=-1)}: every vector along the last axis divided by its L2 norm (at least
     * 1e-12); a new float32 array of the same shape.
     */
    public static INDArray normalize(INDArray features) {
        INDArray normalized = Nd4j.create(DataType.FLOAT, features.shape()).assign(features);
        INDArray rows = normalized.reshape(-1, normalized.size(-1));
        try (INDArray norms = rows.norm2(1)) {
            Transforms.max(norms, NORM_EPSILON, false);
            rows.diviColumnVector(norms.reshape(-1, 1));
        }
        return normalized;
    }

    /** Frees the graphs and weights (off-heap memory); later calls fail with {@link IllegalStateException}. */
    @Override
    public void close() {
        closed = true;
        vision.close();
        text.close();
        weights.close();
    }

    private void embedWindows(INDArray images, long first, long end, WindowBatches.Batch batch, INDArray result) {
        int windowCount = batch.positions().length;
        try (INDArray imageRange = images.get(NDArrayIndex.interval(first, end)).dup('c');
                INDArray tokenIndex = Nd4j.createFromArray(batch.tokenIndex());
                INDArray features = vision.windowFeatures(imageRange, tokenIndex)) {
            INDArray perImage = features.reshape(end - first, windowCount, config.embedDim());
            int[] positions = batch.positions();
            if (positions[windowCount - 1] - positions[0] == windowCount - 1) {
                result.get(NDArrayIndex.interval(first, end), NDArrayIndex.interval(positions[0],
                        positions[0] + windowCount), NDArrayIndex.all()).assign(perImage);
                return;
            }
            for (int window = 0; window < windowCount; window++) {
                result.get(NDArrayIndex.interval(first, end), NDArrayIndex.point(positions[window]), NDArrayIndex.all())
                        .assign(perImage.get(NDArrayIndex.all(), NDArrayIndex.point(window), NDArrayIndex.all()));
            }
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this OpenClipModel was closed");
        }
    }

    private static List<String> checkNames(String[] names, List<String> known, String tower) {
        if (names.length == 0) {
            throw new IllegalArgumentException("name at least one " + tower + " output: " + known);
        }
        List<String> requested = new ArrayList<>(new LinkedHashSet<>(Arrays.asList(names)));
        for (String name : requested) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("'" + name + "' is not one of this model's " + tower + " outputs "
                        + known);
            }
        }
        return requested;
    }

    private static Optional<Path> firstExisting(Path directory, List<String> names) {
        return names.stream().map(directory::resolve).filter(Files::isRegularFile).findFirst();
    }
}

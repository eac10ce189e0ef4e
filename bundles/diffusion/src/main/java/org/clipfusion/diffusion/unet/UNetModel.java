package org.clipfusion.diffusion.unet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.clipfusion.model.ModelLoadException;
import org.clipfusion.diffusion.unet.internal.AttentionModuleSpec;
import org.clipfusion.diffusion.unet.internal.UNetArchitecture;
import org.clipfusion.diffusion.unet.internal.UNetGraph;
import org.clipfusion.diffusion.unet.internal.UNetWeights;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A diffusers {@code UNet2DConditionModel} (Stable Diffusion 1.x / 2.x layout) running as one SameDiff graph on
 * ND4J, numerically equal to diffusers 0.30 in fp32 (about 1e-5). Built once by {@link #load}; every call reuses the
 * graph.
 *
 * <p><b>Outputs.</b> One forward can return, by name ({@link #outputNames()}): the noise prediction, every {@code
 * attn2} softmax probability tensor {@code [B·heads, h·w, S]} (named by its module path, e.g. {@code
 * down_blocks.0.attentions.0.transformer_blocks.0.attn2}; first index {@code b·heads + head} as diffusers'
 * {@code AttnProcessor} computes them), every up-block output ({@code up_blocks.i}) and a few intermediates
 * ({@link UNetOutputs}). Only what the requested outputs need is computed: asking for the up blocks' attention maps
 * and two up-block outputs skips {@code conv_out}, and nothing unrequested is kept.
 *
 * <p><b>Arrays.</b> Results are new float32 {@link INDArray}s owned by the caller: they live off-heap, so close them
 * when done; this model keeps nothing of a call once it returns. Inputs of other float types are converted.
 *
 * <p><b>Sizes.</b> Latent height and width must be multiples of {@code 2^(levels − 1)} (8 for SD: 64×64 latents of
 * 512 px images); diffusers' interpolation to odd skip sizes is not implemented.
 *
 * <p><b>Threads.</b> Instances are safe to share; calls run one at a time (one forward already uses every core).
 *
 * <p><b>Files.</b> {@link #load(Path)} reads a diffusers {@code unet/} directory: {@value #CONFIG_FILE_NAME} and
 * {@value #WEIGHTS_FILE_NAME} (F32, F16 or BF16; computed in F32).
 */
public final class UNetModel implements AutoCloseable {
    /** The config file {@link #load(Path)} reads. */
    public static final String CONFIG_FILE_NAME = "config.json";
    /** The weights file {@link #load(Path)} reads. */
    public static final String WEIGHTS_FILE_NAME = "diffusion_pytorch_model.safetensors";
    /**
     * System property: the most batch elements one graph pass takes (default {@value #DEFAULT_PASS_BATCH}). Every
     * batch element's forward is independent of the others, so a batch runs as passes of this size and the outputs
     * are joined. A pass keeps its activations alive at once, and its reuse cache grows with it (512 MB per element,
     * {@code clipfusion.samediff.cacheBytes}). SD 1.5's 4 prompts at 64² on 2 cores (docs/benchmarks.md): passes
     * of two 33.0–39.2 s and 5.4–5.5 GB at the peak, passes of one 37.9–41.9 s and 4.6–4.7 GB (CPU time 12 % lower
     * in passes of two: half the weight reorders and op set-ups), one pass of four 34.9–38.4 s and 7.0 GB.
     */
    public static final String PASS_BATCH_PROPERTY = "clipfusion.unet.passBatch";
    /** Batch elements per pass when {@link #PASS_BATCH_PROPERTY} is unset. */
    static final int DEFAULT_PASS_BATCH = 2;

    private final UNetConfig config;
    private final UNetGraph graph;
    private final List<String> outputNames;
    private final List<String> crossAttentionNames;
    private final List<String> upBlockNames;
    private final Map<String, Integer> headsByCrossAttention;
    /** The most batch elements one graph pass takes; a larger batch runs in several passes. */
    int passBatch = passBatch(System.getProperty(PASS_BATCH_PROPERTY));
    private volatile boolean closed;

    private UNetModel(UNetArchitecture architecture, UNetGraph graph) {
        this.config = architecture.config();
        this.graph = graph;
        List<String> attention = new ArrayList<>();
        Map<String, Integer> heads = new LinkedHashMap<>();
        for (AttentionModuleSpec module : architecture.attentionModules()) {
            if (module.cross()) {
                attention.add(module.path());
                heads.put(module.path(), module.heads());
            }
        }
        List<String> upBlocks = new ArrayList<>();
        for (int index = 0; index < architecture.upBlocks().size(); index++) {
            upBlocks.add(UNetOutputs.upBlock(index));
        }
        List<String> all = new ArrayList<>(List.of(UNetOutputs.NOISE_PRED, UNetOutputs.CONV_IN,
                UNetOutputs.TIME_EMBEDDING));
        for (int index = 0; index < architecture.downBlocks().size(); index++) {
            all.add(UNetOutputs.downBlock(index));
        }
        if (architecture.midBlock() != null) {
            all.add(UNetOutputs.MID_BLOCK);
        }
        all.addAll(upBlocks);
        all.addAll(attention);
        this.crossAttentionNames = List.copyOf(attention);
        this.upBlockNames = List.copyOf(upBlocks);
        this.outputNames = List.copyOf(all);
        this.headsByCrossAttention = Collections.unmodifiableMap(heads);
    }

    /**
     * Loads the diffusers UNet in {@code unetDirectory} ({@value #CONFIG_FILE_NAME} and {@value
     * #WEIGHTS_FILE_NAME}).
     *
     * @throws ModelLoadException when a file is missing, the config is invalid or unsupported, or the checkpoint
     *     does not match it (naming every missing, unexpected and mis-shaped key)
     */
    public static UNetModel load(Path unetDirectory) throws IOException {
        Path configFile = unetDirectory.resolve(CONFIG_FILE_NAME);
        Path weightsFile = unetDirectory.resolve(WEIGHTS_FILE_NAME);
        for (Path required : List.of(configFile, weightsFile)) {
            if (!Files.isRegularFile(required)) {
                throw new ModelLoadException(unetDirectory.toString(), "no " + required.getFileName()
                        + " in the UNet directory");
            }
        }
        return load(UNetConfig.read(configFile), weightsFile);
    }

    /**
     * Loads the weights in {@code weightsFile} (safetensors, diffusers key names) for the architecture {@code
     * config}.
     *
     * @throws ModelLoadException when the config's skip connections or heads do not fit, or the checkpoint does not
     *     match it
     */
    public static UNetModel load(UNetConfig config, Path weightsFile) throws IOException {
        UNetArchitecture architecture = UNetArchitecture.of(config);
        UNetWeights weights = UNetWeights.read(weightsFile, architecture);
        try {
            return new UNetModel(architecture, UNetGraph.build(architecture, weights));
        } catch (RuntimeException e) {
            weights.close();
            throw e;
        }
    }

    /** The architecture. */
    public UNetConfig config() {
        return config;
    }

    /** Every name {@link #run} accepts, in this order: noise prediction, intermediates, up blocks, attn2 maps. */
    public List<String> outputNames() {
        return outputNames;
    }

    /** The {@code attn2} probability outputs, in forward order (down, mid, up blocks). */
    public List<String> crossAttentionOutputNames() {
        return crossAttentionNames;
    }

    /** The up-block outputs {@code up_blocks.0 …}, in forward order. */
    public List<String> upBlockOutputNames() {
        return upBlockNames;
    }

    /**
     * Heads of the cross-attention {@code name} (one of {@link #crossAttentionOutputNames()}): its probabilities
     * are {@code [B·heads, h·w, S]}.
     */
    public int heads(String crossAttentionName) {
        Integer heads = headsByCrossAttention.get(crossAttentionName);
        if (heads == null) {
            throw new IllegalArgumentException("no cross-attention named '" + crossAttentionName + "'; there are "
                    + crossAttentionNames);
        }
        return heads;
    }

    /** {@code unet(noisyLatents, timestep, encoderHiddenStates).sample}: {@code [B, out_channels, H, W]}. */
    public INDArray predictNoise(INDArray noisyLatents, long timestep, INDArray encoderHiddenStates) {
        return run(noisyLatents, timestep, encoderHiddenStates, List.of(UNetOutputs.NOISE_PRED))
                .get(UNetOutputs.NOISE_PRED);
    }

    /**
     * One forward at the same timestep for every batch element.
     *
     * @see #run(INDArray, INDArray, INDArray, Collection)
     */
    public Map<String, INDArray> run(INDArray noisyLatents, long timestep, INDArray encoderHiddenStates,
            Collection<String> outputs) {
        try (INDArray timesteps = Nd4j.scalar(DataType.FLOAT, (float) timestep)) {
            return run(noisyLatents, timesteps, encoderHiddenStates, outputs);
        }
    }

    /**
     * One forward, returning the named {@code outputs} (any of {@link #outputNames()}).
     *
     * @param noisyLatents {@code [B, in_channels, H, W]}, H and W multiples of {@code 2^(levels − 1)}
     * @param timesteps one per batch element ({@code [B]}), or one for all (a scalar or {@code [1]}); integer or
     *     float (diffusers computes the sinusoid in float32)
     * @param encoderHiddenStates {@code [B, S, cross_attention_dim]}, the text encoder's last hidden state
     * @return a new map from each requested name to a new array the caller owns
     * @throws IllegalArgumentException for an unknown output name or inputs of the wrong shape
     * @throws IllegalStateException after {@link #close()}
     */
    public Map<String, INDArray> run(INDArray noisyLatents, INDArray timesteps, INDArray encoderHiddenStates,
            Collection<String> outputs) {
        List<String> requested = checkOutputs(outputs);
        checkOpen();
        long batch = checkLatents(noisyLatents);
        checkEncoderHiddenStates(encoderHiddenStates, batch);
        try (INDArray sample = asFloat(noisyLatents);
                INDArray text = asFloat(encoderHiddenStates);
                INDArray times = batchTimesteps(timesteps, batch)) {
            if (batch <= passBatch) {
                return graph.run(sample, times, text, requested);
            }
            return runInPasses(sample, times, text, requested, batch);
        }
    }

    /** Runs batch elements {@code [0, passBatch)}, {@code [passBatch, 2·passBatch)} … and joins each output. */
    private Map<String, INDArray> runInPasses(INDArray sample, INDArray times, INDArray text, List<String> requested,
            long batch) {
        Map<String, List<INDArray>> parts = new LinkedHashMap<>();
        requested.forEach(name -> parts.put(name, new ArrayList<>()));
        try {
            for (long start = 0; start < batch; start += passBatch) {
                long end = Math.min(batch, start + passBatch);
                try (INDArray passSample = rows(sample, start, end);
                        INDArray passTimes = rows(times, start, end);
                        INDArray passText = rows(text, start, end)) {
                    graph.run(passSample, passTimes, passText, requested).forEach((name, array) ->
                            parts.get(name).add(array));
                }
            }
            Map<String, INDArray> joined = new LinkedHashMap<>();
            // Batch-first outputs, attn2 probabilities included ([B·heads, …] with b·heads + head): joining the
            // passes along the first axis gives the order of one pass over the whole batch.
            parts.forEach((name, arrays) -> joined.put(name, Nd4j.concat(0, arrays.toArray(INDArray[]::new))));
            return joined;
        } finally {
            parts.values().forEach(arrays -> arrays.forEach(INDArray::close));
        }
    }

    /**
     * The value of {@link #PASS_BATCH_PROPERTY}: {@value #DEFAULT_PASS_BATCH} when unset. A pass of no elements would
     * never end a batch, so anything but a positive whole number is refused, naming the property.
     */
    static int passBatch(String property) {
        if (property == null) {
            return DEFAULT_PASS_BATCH;
        }
        try {
            int value = Integer.parseInt(property.trim());
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // refused below
        }
        throw new IllegalArgumentException(PASS_BATCH_PROPERTY + " must be a whole number of at least 1, got '"
                + property + "'");
    }

    /** A c-ordered copy of elements {@code [start, end)} of the first axis. */
    private static INDArray rows(INDArray array, long start, long end) {
        return array.get(NDArrayIndex.interval(start, end)).dup('c');
    }

    /** Frees the graph and the weights (off-heap memory); later calls fail with {@link IllegalStateException}. */
    @Override
    public void close() {
        closed = true;
        graph.close();
    }

    private List<String> checkOutputs(Collection<String> outputs) {
        if (outputs.isEmpty()) {
            throw new IllegalArgumentException("no outputs requested; choose from " + outputNames);
        }
        Set<String> unique = new LinkedHashSet<>(outputs);
        for (String name : unique) {
            if (!outputNames.contains(name)) {
                throw new IllegalArgumentException("unknown UNet output '" + name + "'; this model has "
                        + outputNames);
            }
        }
        return List.copyOf(unique);
    }

    private long checkLatents(INDArray latents) {
        long[] shape = latents.shape();
        int multiple = 1 << config.upsamplerCount();
        if (shape.length != 4 || shape[0] < 1 || shape[1] != config.inChannels() || shape[2] < 1 || shape[3] < 1) {
            throw new IllegalArgumentException("noisy latents must be [B, " + config.inChannels() + ", H, W], got "
                    + Arrays.toString(shape));
        }
        if (shape[2] % multiple != 0 || shape[3] % multiple != 0) {
            throw new IllegalArgumentException("latent height and width must be multiples of " + multiple + " (2^"
                    + config.upsamplerCount() + " upsamplers), got " + shape[2] + "×" + shape[3]);
        }
        return shape[0];
    }

    private void checkEncoderHiddenStates(INDArray states, long batch) {
        long[] shape = states.shape();
        Set<Integer> widths = new LinkedHashSet<>(config.crossAttentionDims());
        if (shape.length != 3 || shape[0] != batch || shape[1] < 1 || widths.size() != 1
                || shape[2] != widths.iterator().next()) {
            throw new IllegalArgumentException("encoder hidden states must be [" + batch + ", S, " + widths
                    + "] (batch of the latents, cross_attention_dim), got " + Arrays.toString(shape));
        }
    }

    /** diffusers expands a single timestep to the batch. */
    private static INDArray batchTimesteps(INDArray timesteps, long batch) {
        long count = timesteps.length();
        if (timesteps.rank() > 1 || (count != 1 && count != batch)) {
            throw new IllegalArgumentException("timesteps must be a scalar, [1] or [" + batch + "], got "
                    + Arrays.toString(timesteps.shape()));
        }
        INDArray times = Nd4j.create(DataType.FLOAT, batch);
        if (count == 1) {
            times.assign(timesteps.getDouble(0));
        } else {
            times.assign(timesteps.reshape(batch));
        }
        return times;
    }

    /** A float32 c-ordered copy: the graph's inputs are float32 and the caller keeps its arrays. */
    private static INDArray asFloat(INDArray array) {
        return Nd4j.create(DataType.FLOAT, array.shape()).assign(array);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the UNet was closed");
        }
    }
}

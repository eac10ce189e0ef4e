package org.clipfusion.diffusion.unet.internal;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Map;
import org.clipfusion.diffusion.unet.UNetConfig;
import org.clipfusion.diffusion.unet.UNetOutputs;
import org.clipfusion.nn.GraphExecutor;
import org.clipfusion.nn.ModelGraphs;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The whole {@code UNet2DConditionModel.forward} as one SameDiff graph: {@code conv_in}, time embedding, down
 * blocks, mid block, up blocks with their skip connections, {@code conv_norm_out → SiLU → conv_out}. Every tensor
 * {@link UNetOutputs} names is a named variable; a run computes only what the requested outputs need.
 */
public final class UNetGraph implements AutoCloseable {
    static final String SAMPLE = "sample";
    static final String TIMESTEPS = "timesteps";
    static final String ENCODER_HIDDEN_STATES = "encoder_hidden_states";

    private final GraphExecutor executor;

    private UNetGraph(GraphExecutor executor) {
        this.executor = executor;
    }

    /** Builds the graph on {@code weights}, which it takes over: {@link #close()} frees them. */
    public static UNetGraph build(UNetArchitecture architecture, UNetWeights weights) {
        UNetConfig config = architecture.config();
        SameDiff sd = ModelGraphs.create();
        for (String key : weights.keys()) {
            sd.constant(key, weights.get(key));
        }
        SDVariable sample = sd.placeHolder(SAMPLE, DataType.FLOAT, -1, config.inChannels(), -1, -1);
        SDVariable timesteps = sd.placeHolder(TIMESTEPS, DataType.FLOAT, -1);
        long textWidth = config.crossAttentionDims().stream().distinct().count() == 1
                ? config.crossAttentionDims().get(0) : -1;
        SDVariable text = sd.placeHolder(ENCODER_HIDDEN_STATES, DataType.FLOAT, -1, -1, textWidth);

        SDVariable input = config.centerInputSample() ? sample.mul(2.0).sub(1.0) : sample;
        SDVariable timeEmbedding = TimeEmbeddingGraph.apply(sd, timesteps, config, UNetOutputs.TIME_EMBEDDING);
        UNetGraphContext context = new UNetGraphContext(sd, FeatureMapOps.silu(sd, timeEmbedding), text,
                config.normNumGroups(), config.normEps());

        SDVariable x = named(sd, FeatureMapOps.sameConv2d(sd, input, "conv_in", config.convInKernel()),
                UNetOutputs.CONV_IN);
        Deque<SDVariable> skips = new ArrayDeque<>();
        skips.push(x);
        for (int index = 0; index < architecture.downBlocks().size(); index++) {
            x = DownBlockGraph.apply(context, architecture.downBlocks().get(index), x, skips,
                    config.downsamplePadding());
            x = named(sd, x, UNetOutputs.downBlock(index));
        }
        if (architecture.midBlock() != null) {
            x = named(sd, MidBlockGraph.apply(context, architecture.midBlock(), x), UNetOutputs.MID_BLOCK);
        }
        for (int index = 0; index < architecture.upBlocks().size(); index++) {
            x = UpBlockGraph.apply(context, architecture.upBlocks().get(index), x, skips);
            x = named(sd, x, UNetOutputs.upBlock(index));
        }
        SDVariable normalized = FeatureMapOps.groupNorm(sd, x, "conv_norm_out", config.blockOutChannels().get(0),
                config.normNumGroups(), config.normEps());
        SDVariable prediction = FeatureMapOps.sameConv2d(sd, FeatureMapOps.silu(sd, normalized), "conv_out",
                config.convOutKernel());
        named(sd, prediction, UNetOutputs.NOISE_PRED);
        return new UNetGraph(new GraphExecutor(sd, "diffusers UNet2DConditionModel"));
    }

    /**
     * Computes {@code outputs} for float32 inputs.
     *
     * @param sample {@code [B, in_channels, H, W]}
     * @param timesteps {@code [B]}
     * @param encoderHiddenStates {@code [B, S, cross_attention_dim]}
     */
    public Map<String, INDArray> run(INDArray sample, INDArray timesteps, INDArray encoderHiddenStates,
            Collection<String> outputs) {
        return executor.run(Map.of(SAMPLE, sample, TIMESTEPS, timesteps, ENCODER_HIDDEN_STATES, encoderHiddenStates),
                outputs, cacheBytes(sample.size(0)));
    }

    /**
     * The reuse cache of a pass of {@code batch} elements: the default per element. Every activation grows with the
     * batch, so with a fixed cache a pass of two found no dead array of its size to reuse and mapped fresh memory for
     * every op (as slow as two passes of one, docs/benchmarks.md).
     */
    static long cacheBytes(long batch) {
        return GraphExecutor.defaultCacheBytes() * Math.max(1, batch);
    }

    /** Frees the graph and the weights; later runs fail. */
    @Override
    public void close() {
        executor.close();
    }

    private static SDVariable named(SameDiff sd, SDVariable variable, String name) {
        return sd.updateVariableNameAndReference(variable, name);
    }
}

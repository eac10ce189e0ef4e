package org.clipfusion.diffusion.vae.internal;

import static org.clipfusion.diffusion.vae.VaeOutputs.ENCODER_OUT;
import static org.clipfusion.diffusion.vae.VaeOutputs.LATENTS;
import static org.clipfusion.diffusion.vae.VaeOutputs.MOMENTS;
import static org.clipfusion.diffusion.vae.VaeOutputs.POSTERIOR_LOGVAR;
import static org.clipfusion.diffusion.vae.VaeOutputs.POSTERIOR_MEAN;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.clipfusion.diffusion.internal.CheckpointWeights;
import org.clipfusion.diffusion.vae.VaeConfig;
import org.clipfusion.nn.ConvOps;
import org.clipfusion.nn.GraphExecutor;
import org.clipfusion.nn.GraphOps;
import org.clipfusion.nn.ModelGraphs;
import org.clipfusion.nn.NormOps;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * diffusers' {@code AutoencoderKL.encode} as one SameDiff graph: {@code Encoder} (conv_in, down blocks of resnets
 * with downsamplers, mid block with self-attention, conv_norm_out, SiLU, conv_out), {@code quant_conv}, and the
 * diagonal Gaussian's mean, clamped log-variance and scaled latents. Batch and image size stay open.
 */
public final class VaeEncoderGraph implements AutoCloseable {
    private static final String IMAGES = "images";
    /** diffusers' {@code DiagonalGaussianDistribution} clamps the log-variance to this range. */
    private static final double LOGVAR_MIN = -30.0;
    private static final double LOGVAR_MAX = 20.0;

    private final SameDiff graph;
    private final GraphExecutor executor;

    private VaeEncoderGraph(SameDiff graph, GraphExecutor executor) {
        this.graph = graph;
        this.executor = executor;
    }

    /** Builds the graph on {@code weights} (shared, not copied; the graph's {@link #close()} frees them). */
    public static VaeEncoderGraph build(VaeConfig config, CheckpointWeights weights) {
        SameDiff sd = ModelGraphs.create();
        weights.addConstantsTo(sd);
        Blocks blocks = new Blocks(sd, config.normGroups());
        SDVariable images = sd.placeHolder(IMAGES, DataType.FLOAT, -1, config.inChannels(), -1, -1);

        List<Integer> channels = config.blockOutChannels();
        SDVariable h = ConvOps.conv2d(sd, null, images, VaeLayout.ENCODER + "conv_in", 1, 1);
        int in = channels.get(0);
        for (int block = 0; block < channels.size(); block++) {
            int out = channels.get(block);
            for (int index = 0; index < config.layersPerBlock(); index++) {
                h = blocks.resnet(h, VaeLayout.downResnet(block, index), index == 0 ? in : out, out);
            }
            if (block < channels.size() - 1) {
                // Downsample2D(padding=0): pad right and bottom by one, then a 3×3 stride-2 convolution.
                h = ConvOps.conv2d(sd, null, ConvOps.padBottomRight(sd, h, 1), VaeLayout.downsampler(block), 2, 0);
            }
            in = out;
        }
        int deepest = config.deepestChannels();
        h = blocks.resnet(h, VaeLayout.midResnet(VaeLayout.ENCODER, 0), deepest, deepest);
        if (config.midBlockAttention()) {
            h = blocks.selfAttention(h, VaeLayout.midAttention(VaeLayout.ENCODER), deepest);
        }
        h = blocks.resnet(h, VaeLayout.midResnet(VaeLayout.ENCODER, 1), deepest, deepest);
        h = sd.nn().swish(blocks.groupNorm(h, VaeLayout.ENCODER + "conv_norm_out", deepest));
        SDVariable encoderOut = ConvOps.conv2d(sd, ENCODER_OUT, h, VaeLayout.ENCODER + "conv_out", 1, 1);

        SDVariable moments = config.useQuantConv()
                ? ConvOps.conv2d(sd, MOMENTS, encoderOut, VaeLayout.QUANT_CONV, 1, 0)
                : sd.identity(MOMENTS, encoderOut);
        int latent = config.latentChannels();
        SDVariable mean = sd.identity(POSTERIOR_MEAN, channelRange(moments, 0, latent));
        sd.math().clipByValue(POSTERIOR_LOGVAR, channelRange(moments, latent, 2 * latent), LOGVAR_MIN, LOGVAR_MAX);
        SDVariable shifted = config.shiftFactor() == 0 ? mean : mean.sub(config.shiftFactor());
        shifted.mul(LATENTS, config.scalingFactor());
        return new VaeEncoderGraph(sd, new GraphExecutor(sd, "VAE encoder"));
    }

    /** Computes {@code outputs} (names from {@link org.clipfusion.diffusion.vae.VaeOutputs}) for float32 NCHW images. */
    public Map<String, INDArray> run(INDArray images, Collection<String> outputs) {
        return executor.run(Map.of(IMAGES, images), outputs);
    }

    /** Inference sessions SameDiff holds (one per thread that ran it and was not cleaned up): 0 between calls. */
    public int openSessions() {
        return graph.getSessions().size();
    }

    @Override
    public void close() {
        executor.close();
    }

    private static SDVariable channelRange(SDVariable x, int from, int to) {
        return x.get(SDIndex.all(), SDIndex.interval(from, to), SDIndex.all(), SDIndex.all());
    }

    /** The VAE's building blocks; every GroupNorm has {@link VaeConfig#NORM_EPSILON}. */
    private record Blocks(SameDiff sd, int groups) {
        SDVariable groupNorm(SDVariable x, String prefix, int channels) {
            return NormOps.groupNorm(sd, null, x, prefix, channels, groups, VaeConfig.NORM_EPSILON);
        }

        /**
         * {@code ResnetBlock2D} without time embedding: {@code norm1 → SiLU → conv1 → norm2 → SiLU → conv2}, added
         * to the input (through the 1×1 {@code conv_shortcut} when the channels change); dropout is identity.
         */
        SDVariable resnet(SDVariable x, String prefix, int in, int out) {
            SDVariable h = sd.nn().swish(groupNorm(x, prefix + ".norm1", in));
            h = ConvOps.conv2d(sd, null, h, prefix + ".conv1", 1, 1);
            h = sd.nn().swish(groupNorm(h, prefix + ".norm2", out));
            h = ConvOps.conv2d(sd, null, h, prefix + ".conv2", 1, 1);
            SDVariable shortcut = in == out ? x : ConvOps.conv2d(sd, null, x, prefix + ".conv_shortcut", 1, 0);
            return shortcut.add(h);
        }

        /**
         * diffusers' {@code Attention} as the VAE mid block builds it: one head over all {@code channels}, on the
         * GroupNorm of the input taken as {@code H·W} tokens; {@code softmax(q kᵀ / √C) v}, {@code to_out.0}, plus
         * the input.
         */
        SDVariable selfAttention(SDVariable x, String prefix, int channels) {
            SDVariable normalized = groupNorm(x, prefix + ".group_norm", channels);
            SDVariable batch = x.shape().get(SDIndex.interval(0, 1));
            SDVariable tokens = sd.reshape(normalized, sd.concat(0, batch,
                    sd.constant(Nd4j.createFromArray((long) channels, -1L)))).permute(0, 2, 1);
            SDVariable rows = tokens.reshape(-1, channels);
            SDVariable query = singleHead(GraphOps.linear(sd, rows, prefix + ".to_q"), tokens, channels);
            SDVariable key = singleHead(GraphOps.linear(sd, rows, prefix + ".to_k"), tokens, channels);
            SDVariable value = singleHead(GraphOps.linear(sd, rows, prefix + ".to_v"), tokens, channels);
            SDVariable scores = sd.mmul(query, key, false, true, false).mul(1.0 / Math.sqrt(channels));
            SDVariable context = sd.mmul(sd.nn().softmax(scores, -1), value).reshape(-1, channels);
            SDVariable projected = GraphOps.linear(sd, context, prefix + ".to_out.0");
            SDVariable map = sd.reshape(GraphOps.reshapeLike(sd, null, projected, tokens, 2, channels)
                    .permute(0, 2, 1), x.shape());
            return map.add(x);
        }

        /** Rows {@code [B·N, C]} → {@code [B, 1, N, C]}: rank 4 for SameDiff's batched {@code mmul}. */
        private SDVariable singleHead(SDVariable rows, SDVariable tokens, int channels) {
            return GraphOps.reshapeLike(sd, null, rows, tokens, 2, 1, channels).permute(0, 2, 1, 3);
        }
    }
}

package org.clipfusion.diffusion.unet.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.clipfusion.diffusion.unet.UNetConfig;
import org.clipfusion.tensor.verify.CheckpointSpec;
import org.clipfusion.tensor.verify.TensorSpec;

/**
 * The tensors a diffusers {@code UNet2DConditionModel} checkpoint holds for an architecture: the {@code
 * state_dict()} key names and shapes, derived from the {@link UNetArchitecture} alone. The loader compares a file
 * against this; the graph builders look weights up by these keys.
 */
public final class UNetCheckpointLayout {
    /** The GEGLU feed-forward's hidden width is this multiple of the transformer width (diffusers' {@code mult}). */
    static final int FEED_FORWARD_MULTIPLE = 4;

    private UNetCheckpointLayout() {
    }

    /** Every key with its shape, in forward order. */
    public static Map<String, long[]> expectedShapes(UNetArchitecture architecture) {
        UNetConfig config = architecture.config();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        int firstChannels = config.blockOutChannels().get(0);
        putConv(shapes, "conv_in", firstChannels, config.inChannels(), config.convInKernel());
        putLinear(shapes, "time_embedding.linear_1", config.timeEmbeddingDim(), firstChannels);
        putLinear(shapes, "time_embedding.linear_2", config.timeEmbeddingDim(), config.timeEmbeddingDim());
        for (BlockSpec block : architecture.allBlocks()) {
            for (ResnetSpec resnet : block.resnets()) {
                putResnet(shapes, resnet, config.timeEmbeddingDim());
            }
            for (SpatialTransformerSpec transformer : block.attentions()) {
                putSpatialTransformer(shapes, transformer);
            }
            if (block.resampler() != BlockSpec.Resampler.NONE) {
                putConv(shapes, block.resamplerConvPath(), block.outChannels(), block.outChannels(), 3);
            }
        }
        putNorm(shapes, "conv_norm_out", firstChannels);
        putConv(shapes, "conv_out", config.outChannels(), firstChannels, config.convOutKernel());
        return Collections.unmodifiableMap(shapes);
    }

    /**
     * The same expectations as {@link UNetWeights} applies them, for verifying a file without loading it: every key
     * a float tensor of exactly its shape, nothing else allowed.
     */
    public static CheckpointSpec checkpointSpec(UNetArchitecture architecture, List<String> fileNames,
            String configSource) {
        Map<String, TensorSpec> tensors = new LinkedHashMap<>();
        expectedShapes(architecture).forEach((key, shape) -> tensors.put(key, TensorSpec.parameter(key, shape)));
        return new CheckpointSpec(fileNames, configSource, tensors, Map.of(), null);
    }

    private static void putResnet(Map<String, long[]> shapes, ResnetSpec resnet, int timeEmbeddingDim) {
        String path = resnet.path();
        putNorm(shapes, path + ".norm1", resnet.inChannels());
        putConv(shapes, path + ".conv1", resnet.outChannels(), resnet.inChannels(), 3);
        putLinear(shapes, path + ".time_emb_proj", resnet.outChannels(), timeEmbeddingDim);
        putNorm(shapes, path + ".norm2", resnet.outChannels());
        putConv(shapes, path + ".conv2", resnet.outChannels(), resnet.outChannels(), 3);
        if (resnet.hasShortcut()) {
            putConv(shapes, path + ".conv_shortcut", resnet.outChannels(), resnet.inChannels(), 1);
        }
    }

    private static void putSpatialTransformer(Map<String, long[]> shapes, SpatialTransformerSpec transformer) {
        String path = transformer.path();
        int width = transformer.channels();
        putNorm(shapes, path + ".norm", width);
        putProjection(shapes, path + ".proj_in", width, transformer.linearProjection());
        for (int index = 0; index < transformer.depth(); index++) {
            String block = transformer.blockPath(index);
            putNorm(shapes, block + ".norm1", width);
            putAttention(shapes, block + ".attn1", width, width);
            putNorm(shapes, block + ".norm2", width);
            putAttention(shapes, block + ".attn2", width, transformer.crossAttentionDim());
            putNorm(shapes, block + ".norm3", width);
            int hidden = FEED_FORWARD_MULTIPLE * width;
            putLinear(shapes, block + ".ff.net.0.proj", 2 * hidden, width);
            putLinear(shapes, block + ".ff.net.2", width, hidden);
        }
        putProjection(shapes, path + ".proj_out", width, transformer.linearProjection());
    }

    /** diffusers {@code Attention}: {@code to_q/k/v} without bias, {@code to_out.0} with. */
    private static void putAttention(Map<String, long[]> shapes, String path, int width, int keyValueWidth) {
        shapes.put(path + ".to_q.weight", new long[] {width, width});
        shapes.put(path + ".to_k.weight", new long[] {width, keyValueWidth});
        shapes.put(path + ".to_v.weight", new long[] {width, keyValueWidth});
        putLinear(shapes, path + ".to_out.0", width, width);
    }

    private static void putProjection(Map<String, long[]> shapes, String path, int width, boolean linear) {
        if (linear) {
            putLinear(shapes, path, width, width);
        } else {
            putConv(shapes, path, width, width, 1);
        }
    }

    private static void putConv(Map<String, long[]> shapes, String path, int out, int in, int kernel) {
        shapes.put(path + ".weight", new long[] {out, in, kernel, kernel});
        shapes.put(path + ".bias", new long[] {out});
    }

    private static void putLinear(Map<String, long[]> shapes, String path, int out, int in) {
        shapes.put(path + ".weight", new long[] {out, in});
        shapes.put(path + ".bias", new long[] {out});
    }

    /** GroupNorm or LayerNorm affine parameters. */
    private static void putNorm(Map<String, long[]> shapes, String path, int width) {
        shapes.put(path + ".weight", new long[] {width});
        shapes.put(path + ".bias", new long[] {width});
    }
}

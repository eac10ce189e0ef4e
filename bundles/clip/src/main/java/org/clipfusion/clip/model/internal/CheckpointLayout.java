package org.clipfusion.clip.model.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.clipfusion.clip.model.OpenClipConfig;
import org.clipfusion.tensor.verify.CheckpointSpec;
import org.clipfusion.tensor.verify.TensorSpec;

/**
 * The tensors an open_clip CLIP checkpoint holds for a given config: open_clip's {@code state_dict()} key names and
 * shapes, derived from the config alone. The loader compares a file against this; the graph builders look weights
 * up by these keys.
 */
public final class CheckpointLayout {
    /** Prefix of every image-tower key. */
    public static final String VISUAL = "visual.";
    /** Prefix of a residual block of the image tower; append the block index and a dot. */
    public static final String VISUAL_BLOCK = "visual.transformer.resblocks.";
    /** Prefix of a residual block of the text tower; append the block index and a dot. */
    public static final String TEXT_BLOCK = "transformer.resblocks.";
    /** The temperature, a 0-d tensor ({@code [1]} in some older files). */
    public static final String LOGIT_SCALE = "logit_scale";

    private CheckpointLayout() {
    }

    /** Every key with its shape, in a stable order (image tower, text tower, logit scale). */
    public static Map<String, long[]> expectedShapes(OpenClipConfig config) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        OpenClipConfig.VisionConfig vision = config.vision();
        long width = vision.width();
        shapes.put("visual.conv1.weight",
                shape(width, OpenClipConfig.IMAGE_CHANNELS, vision.patchHeight(), vision.patchWidth()));
        shapes.put("visual.class_embedding", shape(width));
        shapes.put("visual.positional_embedding", shape(vision.tokenCount(), width));
        putLayerNorm(shapes, "visual.ln_pre", width);
        for (int block = 0; block < vision.layers(); block++) {
            putResidualBlock(shapes, VISUAL_BLOCK + block + ".", width, vision.mlpWidth());
        }
        putLayerNorm(shapes, "visual.ln_post", width);
        shapes.put("visual.proj", shape(width, config.embedDim()));

        OpenClipConfig.TextConfig text = config.text();
        shapes.put("token_embedding.weight", shape(text.vocabSize(), text.width()));
        shapes.put("positional_embedding", shape(text.contextLength(), text.width()));
        for (int block = 0; block < text.layers(); block++) {
            putResidualBlock(shapes, TEXT_BLOCK + block + ".", text.width(), text.mlpWidth());
        }
        putLayerNorm(shapes, "ln_final", text.width());
        shapes.put("text_projection", shape(text.width(), config.embedDim()));
        shapes.put(LOGIT_SCALE, shape());
        return Collections.unmodifiableMap(shapes);
    }

    /**
     * The same expectations as {@link OpenClipWeights} applies them, for verifying a file without loading it: float
     * tensors of exactly these shapes, {@code logit_scale} also as {@code [1]}, DataParallel's {@code module.}
     * prefix dropped when every key carries it.
     *
     * @param fileNames where the weights may be, relative to the model directory, in the order the loader tries
     * @param configSource the config file the layout comes from, for reports
     */
    public static CheckpointSpec checkpointSpec(OpenClipConfig config, List<String> fileNames, String configSource) {
        Map<String, TensorSpec> tensors = new LinkedHashMap<>();
        expectedShapes(config).forEach((key, shape) -> {
            TensorSpec spec = TensorSpec.parameter(key, shape);
            tensors.put(key, key.equals(LOGIT_SCALE) ? spec.orShape(1) : spec);
        });
        return new CheckpointSpec(new ArrayList<>(fileNames), configSource, tensors, Map.of(),
                OpenClipWeights.DATA_PARALLEL_PREFIX);
    }

    /** open_clip's {@code ResidualAttentionBlock}: pre-LN attention ({@code nn.MultiheadAttention}) and MLP. */
    private static void putResidualBlock(Map<String, long[]> shapes, String prefix, long width, long mlpWidth) {
        putLayerNorm(shapes, prefix + "ln_1", width);
        shapes.put(prefix + "attn.in_proj_weight", shape(3 * width, width));
        shapes.put(prefix + "attn.in_proj_bias", shape(3 * width));
        shapes.put(prefix + "attn.out_proj.weight", shape(width, width));
        shapes.put(prefix + "attn.out_proj.bias", shape(width));
        putLayerNorm(shapes, prefix + "ln_2", width);
        shapes.put(prefix + "mlp.c_fc.weight", shape(mlpWidth, width));
        shapes.put(prefix + "mlp.c_fc.bias", shape(mlpWidth));
        shapes.put(prefix + "mlp.c_proj.weight", shape(width, mlpWidth));
        shapes.put(prefix + "mlp.c_proj.bias", shape(width));
    }

    private static void putLayerNorm(Map<String, long[]> shapes, String prefix, long width) {
        shapes.put(prefix + ".weight", shape(width));
        shapes.put(prefix + ".bias", shape(width));
    }

    private static long[] shape(long... dimensions) {
        return dimensions;
    }
}

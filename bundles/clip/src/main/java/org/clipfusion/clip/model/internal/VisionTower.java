package org.clipfusion.clip.model.internal;

import static org.clipfusion.clip.model.OpenClipOutputs.FEATURE_MAP;
import static org.clipfusion.clip.model.OpenClipOutputs.IMAGE_FEATURES;
import static org.clipfusion.clip.model.OpenClipOutputs.PATCH_TOKENS;
import static org.clipfusion.clip.model.OpenClipOutputs.VISUAL_LN_POST;
import static org.clipfusion.clip.model.OpenClipOutputs.VISUAL_LN_PRE;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.clipfusion.clip.model.OpenClipConfig;
import org.clipfusion.nn.GraphExecutor;
import org.clipfusion.nn.GraphOps;
import org.clipfusion.nn.ModelGraphs;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;

/**
 * open_clip's {@code VisionTransformer} as one SameDiff graph with two entry paths through the same weights:
 *
 * <ul>
 *   <li>images {@code [B, 3, H, W]} → conv1 patches → class token → + positional embedding ({@link
 *       org.clipfusion.clip.model.OpenClipOutputs#FEATURE_MAP}) → ln_pre → blocks → ln_post on all tokens →
 *       class token @ proj ({@code image_features}); tokens 1..N are the patch tokens;</li>
 *   <li>WinCLIP windows: from the same feature map, the tokens of {@code window_token_index} {@code [W, L]} (class
 *       token index 0 first, patch indices + 1) are gathered for every image, giving {@code B·W} short sequences
 *       that run through ln_pre, the blocks and ln_post, class token @ proj ({@code window_features} {@code [B·W,
 *       embed_dim]}, image-major).</li>
 * </ul>
 */
public final class VisionTower implements AutoCloseable {
    static final String IMAGES = "images";
    static final String WINDOW_TOKEN_INDEX = "window_token_index";
    static final String WINDOW_FEATURES = "window_features";
    private static final String WINDOW_BLOCK_PREFIX = "window_block_";

    private final GraphExecutor executor;

    private VisionTower(GraphExecutor executor) {
        this.executor = executor;
    }

    /** Builds the graph on {@code weights} (which stay owned by the caller until {@link #close()}). */
    public static VisionTower build(OpenClipConfig config, OpenClipWeights weights) {
        OpenClipConfig.VisionConfig vision = config.vision();
        SameDiff sd = ModelGraphs.create();
        for (String key : weights.keys()) {
            if (key.startsWith(CheckpointLayout.VISUAL)) {
                sd.constant(key, weights.get(key));
            }
        }
        TransformerSpec blocks = new TransformerSpec(CheckpointLayout.VISUAL_BLOCK, "visual_block_", vision.layers(),
                vision.width(), vision.heads(), config.quickGelu(), OpenClipConfig.LAYER_NORM_EPSILON);

        SDVariable images = sd.placeHolder(IMAGES, DataType.FLOAT, -1, OpenClipConfig.IMAGE_CHANNELS,
                vision.imageHeight(), vision.imageWidth());
        SDVariable featureMap = featureMap(sd, images, vision);

        SDVariable lnPre = GraphOps.layerNorm(sd, VISUAL_LN_PRE, featureMap, "visual.ln_pre", vision.width(),
                blocks.epsilon());
        SDVariable lastBlock = TransformerGraph.apply(sd, lnPre, blocks, null);
        SDVariable lnPost = GraphOps.layerNorm(sd, VISUAL_LN_POST, lastBlock, "visual.ln_post", vision.width(),
                blocks.epsilon());
        SDVariable classToken = lnPost.get(SDIndex.all(), SDIndex.point(0), SDIndex.all());
        sd.mmul(IMAGE_FEATURES, classToken, sd.getVariable("visual.proj"));
        SDVariable patchTokens = lnPost.get(SDIndex.all(), SDIndex.interval(1, vision.tokenCount()), SDIndex.all());
        sd.updateVariableNameAndReference(patchTokens, PATCH_TOKENS);

        windowPath(sd, featureMap, vision, blocks);
        return new VisionTower(new GraphExecutor(sd, "open_clip image tower"));
    }

    /** Computes the named outputs (see {@link org.clipfusion.clip.model.OpenClipOutputs}) for float32 images. */
    public Map<String, INDArray> run(INDArray images, Collection<String> outputs) {
        return executor.run(Map.of(IMAGES, images), outputs);
    }

    /** {@code [B·W, embed_dim]} window embeddings; {@code windowTokenIndex} is INT64 {@code [W, L]}. */
    public INDArray windowFeatures(INDArray images, INDArray windowTokenIndex) {
        return executor.run(Map.of(IMAGES, images, WINDOW_TOKEN_INDEX, windowTokenIndex), List.of(WINDOW_FEATURES))
                .get(WINDOW_FEATURES);
    }

    @Override
    public void close() {
        executor.close();
    }

    /**
     * The WinCLIP path: for every image and window, the class token and the window's patch tokens of the feature
     * map, as one sequence each, through ln_pre, the blocks, ln_post (class token only) and proj.
     */
    private static void windowPath(SameDiff sd, SDVariable featureMap, OpenClipConfig.VisionConfig vision,
            TransformerSpec blocks) {
        SDVariable windowIndex = sd.placeHolder(WINDOW_TOKEN_INDEX, DataType.INT64, -1, -1);
        // [B, W·L, width] → [B·W, L, width]; L (tokens per window) is only known when the graph runs.
        SDVariable gathered = sd.gather(featureMap, windowIndex.reshape(-1), 1);
        SDVariable sequenceShape = sd.concat(0, sd.constant(Nd4j.createFromArray(-1L)),
                windowIndex.shape().get(SDIndex.interval(1, 2)),
                sd.constant(Nd4j.createFromArray((long) vision.width())));
        SDVariable sequences = sd.reshape(gathered, sequenceShape);
        SDVariable lnPre = GraphOps.layerNorm(sd, null, sequences, "visual.ln_pre", vision.width(), blocks.epsilon());
        SDVariable last = TransformerGraph.apply(sd, lnPre, blocks.withOutputPrefix(WINDOW_BLOCK_PREFIX), null);
        // ln_post works per token, so normalising only the class token equals WinCLIP's ln_post on all of them.
        SDVariable classToken = GraphOps.layerNorm(sd, null, last.get(SDIndex.all(), SDIndex.point(0), SDIndex.all()),
                "visual.ln_post", vision.width(), blocks.epsilon());
        sd.mmul(WINDOW_FEATURES, classToken, sd.getVariable("visual.proj"));
    }

    /** conv1 (no bias) → [B, N, width] → class token prepended → + positional embedding. */
    private static SDVariable featureMap(SameDiff sd, SDVariable images, OpenClipConfig.VisionConfig vision) {
        Conv2DConfig patchify = Conv2DConfig.builder()
                .kH(vision.patchHeight()).kW(vision.patchWidth())
                .sH(vision.patchHeight()).sW(vision.patchWidth())
                .paddingMode(PaddingMode.VALID)
                .dataFormat(Conv2DConfig.NCHW).weightsFormat(WeightsFormat.OIYX)
                .build();
        SDVariable patches = sd.cnn().conv2d(images, sd.getVariable("visual.conv1.weight"), patchify)
                .reshape(-1, vision.width(), vision.patchCount())
                .permute(0, 2, 1);
        SDVariable firstPatch = patches.get(SDIndex.all(), SDIndex.interval(0, 1), SDIndex.all());
        SDVariable classTokens = sd.zerosLike(firstPatch)
                .add(sd.getVariable("visual.class_embedding").reshape(1, 1, vision.width()));
        return sd.concat(1, classTokens, patches).add(FEATURE_MAP, sd.getVariable("visual.positional_embedding"));
    }
}

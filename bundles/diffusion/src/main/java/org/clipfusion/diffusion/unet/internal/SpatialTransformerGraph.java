package org.clipfusion.diffusion.unet.internal;

import org.clipfusion.diffusion.unet.UNetConfig;
import org.clipfusion.nn.GraphOps;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * diffusers' {@code Transformer2DModel} on a feature map: GroupNorm (eps 1e-6), {@code proj_in} (1×1 conv before
 * flattening, or Linear after it with {@code use_linear_projection}), the transformer blocks on the
 * {@code [B·H·W, C]} token rows, {@code proj_out} (mirror image of {@code proj_in}), plus the input.
 */
final class SpatialTransformerGraph {
    private SpatialTransformerGraph() {
    }

    /** {@code x} {@code [B, C, H, W]} → {@code [B, C, H, W]}. */
    static SDVariable apply(UNetGraphContext context, SpatialTransformerSpec spec, SDVariable x) {
        SameDiff sd = context.sd();
        String path = spec.path();
        int width = spec.channels();
        SDVariable normalized = FeatureMapOps.groupNorm(sd, x, path + ".norm", width, context.normGroups(),
                UNetConfig.TRANSFORMER_GROUP_NORM_EPS);
        SDVariable rows = spec.linearProjection()
                ? GraphOps.linear(sd, FeatureMapOps.toRows(normalized, width), path + ".proj_in")
                : FeatureMapOps.toRows(FeatureMapOps.conv2d(sd, normalized, path + ".proj_in", 1, 1, 0), width);
        for (int index = 0; index < spec.depth(); index++) {
            rows = TransformerBlockGraph.apply(context, spec, index, rows, x);
        }
        SDVariable projected = spec.linearProjection()
                ? FeatureMapOps.fromRows(sd, GraphOps.linear(sd, rows, path + ".proj_out"), x, width)
                : FeatureMapOps.conv2d(sd, FeatureMapOps.fromRows(sd, rows, x, width), path + ".proj_out", 1, 1, 0);
        return projected.add(x);
    }
}

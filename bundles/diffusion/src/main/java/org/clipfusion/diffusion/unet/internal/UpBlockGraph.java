package org.clipfusion.diffusion.unet.internal;

import java.util.Deque;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * diffusers' {@code CrossAttnUpBlock2D} / {@code UpBlock2D}: per layer the latest skip connection is concatenated
 * along the channels, then a resnet (and a spatial transformer in the cross-attention variant); then the upsampler,
 * nearest 2× followed by a 3×3 conv.
 */
final class UpBlockGraph {
    private UpBlockGraph() {
    }

    /**
     * @param skips the skip-connection stack the down path filled; this block pops one entry per layer
     */
    static SDVariable apply(UNetGraphContext context, BlockSpec block, SDVariable x, Deque<SDVariable> skips) {
        SameDiff sd = context.sd();
        for (int layer = 0; layer < block.resnets().size(); layer++) {
            x = sd.concat(1, x, skips.pop());
            x = ResnetGraph.apply(context, block.resnets().get(layer), x);
            if (!block.attentions().isEmpty()) {
                x = SpatialTransformerGraph.apply(context, block.attentions().get(layer), x);
            }
        }
        if (block.resampler() == BlockSpec.Resampler.UP) {
            // diffusers interpolates to the next skip's size only when the input is not a multiple of 2^upsamplers;
            // such inputs are refused before the graph runs, so 2× is always that size.
            x = FeatureMapOps.sameConv2d(sd, FeatureMapOps.upsampleNearest2x(sd, x), block.resamplerConvPath(), 3);
        }
        return x;
    }
}

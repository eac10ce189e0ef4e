package org.clipfusion.diffusion.unet.internal;

import java.util.Deque;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * diffusers' {@code CrossAttnDownBlock2D} / {@code DownBlock2D}: per layer a resnet (then a spatial transformer in
 * the cross-attention variant), each layer's output kept as a skip connection, then the stride-2 downsampler whose
 * output is kept too.
 */
final class DownBlockGraph {
    private DownBlockGraph() {
    }

    /**
     * @param skips the skip-connection stack; this block pushes its outputs onto it
     * @param downsamplePadding {@code downsample_padding} of the config
     * @return the block's hidden-state output
     */
    static SDVariable apply(UNetGraphContext context, BlockSpec block, SDVariable x, Deque<SDVariable> skips,
            int downsamplePadding) {
        for (int layer = 0; layer < block.resnets().size(); layer++) {
            x = ResnetGraph.apply(context, block.resnets().get(layer), x);
            if (!block.attentions().isEmpty()) {
                x = SpatialTransformerGraph.apply(context, block.attentions().get(layer), x);
            }
            skips.push(x);
        }
        if (block.resampler() == BlockSpec.Resampler.DOWN) {
            x = downsample(context.sd(), x, block.resamplerConvPath(), downsamplePadding);
            skips.push(x);
        }
        return x;
    }

    /**
     * diffusers' {@code Downsample2D(use_conv=True)}: 3×3 conv, stride 2, symmetric padding; with padding 0 the
     * input is first zero-padded by one column on the right and one row at the bottom.
     */
    private static SDVariable downsample(SameDiff sd, SDVariable x, String convPath, int padding) {
        SDVariable input = padding == 0 ? FeatureMapOps.padRightBottom(sd, x) : x;
        return FeatureMapOps.conv2d(sd, input, convPath, 3, 2, padding);
    }
}

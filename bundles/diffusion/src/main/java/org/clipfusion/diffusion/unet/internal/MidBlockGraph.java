package org.clipfusion.diffusion.unet.internal;

import org.nd4j.autodiff.samediff.SDVariable;

/** diffusers' {@code UNetMidBlock2DCrossAttn}: resnet, then per layer a spatial transformer and a resnet. */
final class MidBlockGraph {
    private MidBlockGraph() {
    }

    static SDVariable apply(UNetGraphContext context, BlockSpec block, SDVariable x) {
        x = ResnetGraph.apply(context, block.resnets().get(0), x);
        for (int layer = 0; layer < block.attentions().size(); layer++) {
            x = SpatialTransformerGraph.apply(context, block.attentions().get(layer), x);
            x = ResnetGraph.apply(context, block.resnets().get(layer + 1), x);
        }
        return x;
    }
}

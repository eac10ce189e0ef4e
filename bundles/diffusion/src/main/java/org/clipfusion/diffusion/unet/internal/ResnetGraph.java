package org.clipfusion.diffusion.unet.internal;

import org.clipfusion.nn.GraphOps;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/** diffusers' {@code ResnetBlock2D} with the default (additive) time conditioning, in SameDiff. */
final class ResnetGraph {
    private ResnetGraph() {
    }

    /** {@code resnet(x, temb)} for {@code x} {@code [B, in, H, W]}; returns {@code [B, out, H, W]}. */
    static SDVariable apply(UNetGraphContext context, ResnetSpec spec, SDVariable x) {
        SameDiff sd = context.sd();
        String path = spec.path();
        SDVariable hidden = FeatureMapOps.groupNorm(sd, x, path + ".norm1", spec.inChannels(), context.normGroups(),
                context.resnetNormEps());
        hidden = FeatureMapOps.sameConv2d(sd, FeatureMapOps.silu(sd, hidden), path + ".conv1", 3);
        SDVariable time = GraphOps.linear(sd, context.activatedTimeEmbedding(), path + ".time_emb_proj")
                .reshape(-1, spec.outChannels(), 1, 1);
        hidden = FeatureMapOps.groupNorm(sd, hidden.add(time), path + ".norm2", spec.outChannels(),
                context.normGroups(), context.resnetNormEps());
        hidden = FeatureMapOps.sameConv2d(sd, FeatureMapOps.silu(sd, hidden), path + ".conv2", 3);
        SDVariable shortcut = spec.hasShortcut() ? FeatureMapOps.conv2d(sd, x, path + ".conv_shortcut", 1, 1, 0) : x;
        SDVariable output = shortcut.add(hidden);
        return spec.outputScaleFactor() == 1.0 ? output : output.div(spec.outputScaleFactor());
    }
}

package org.clipfusion.diffusion.unet.internal;

import java.util.List;

/**
 * One down, mid or up block of the UNet: its resnets, its spatial transformers (none for {@code DownBlock2D} and
 * {@code UpBlock2D}; in down and up blocks transformer {@code i} follows resnet {@code i}, in the mid block it
 * sits between resnets {@code i} and {@code i + 1}) and its resampler.
 *
 * @param path module path, e.g. {@code down_blocks.2} or {@code mid_block}
 * @param outChannels channels of the block's output
 */
public record BlockSpec(String path, List<ResnetSpec> resnets, List<SpatialTransformerSpec> attentions,
        Resampler resampler, int outChannels) {
    /** What follows the last layer. */
    public enum Resampler {
        /** Nothing. */
        NONE,
        /** {@code downsamplers.0}: 3×3 conv, stride 2. */
        DOWN,
        /** {@code upsamplers.0}: nearest 2× upsampling, then 3×3 conv. */
        UP
    }

    public BlockSpec {
        resnets = List.copyOf(resnets);
        attentions = List.copyOf(attentions);
    }

    /** Module path of the block's resampling convolution ({@code ….downsamplers.0.conv} or {@code ….upsamplers.0.conv}). */
    public String resamplerConvPath() {
        return switch (resampler) {
            case DOWN -> path + ".downsamplers.0.conv";
            case UP -> path + ".upsamplers.0.conv";
            case NONE -> throw new IllegalStateException(path + " has no resampler");
        };
    }
}

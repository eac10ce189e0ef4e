package org.clipfusion.diffusion.unet.internal;

/**
 * One diffusers {@code ResnetBlock2D} (default time conditioning): GroupNorm → SiLU → 3×3 conv → + projected time
 * embedding → GroupNorm → SiLU → 3×3 conv, added to the input (through a 1×1 {@code conv_shortcut} when the channel
 * count changes) and divided by {@code outputScaleFactor}.
 *
 * @param path module path, e.g. {@code down_blocks.0.resnets.1}
 */
public record ResnetSpec(String path, int inChannels, int outChannels, double outputScaleFactor) {
    /** Whether the block has {@code conv_shortcut} (diffusers: when in and out channels differ). */
    public boolean hasShortcut() {
        return inChannels != outChannels;
    }
}

package org.clipfusion.diffusion.unet;

/**
 * Names of the tensors {@link UNetModel#run} can return. They are diffusers' module paths (the output of that
 * module) and match the file names of the parity fixtures without {@code .npy}. Every tensor is batch-first.
 * {@link UNetModel#outputNames()} lists those a given model has.
 */
public final class UNetOutputs {
    /** {@code [B, out_channels, H, W]}: the noise prediction, {@code unet(...).sample}. */
    public static final String NOISE_PRED = "noise_pred";
    /** {@code [B, C0, H, W]}: output of {@code conv_in}. */
    public static final String CONV_IN = "conv_in";
    /** {@code [B, time_embedding_dim]}: output of {@code time_embedding} (the {@code TimestepEmbedding}). */
    public static final String TIME_EMBEDDING = "time_embedding";
    /** {@code [B, C_last, h, w]}: output of {@code mid_block}. */
    public static final String MID_BLOCK = "mid_block";

    private static final String DOWN_BLOCK_PREFIX = "down_blocks.";
    private static final String UP_BLOCK_PREFIX = "up_blocks.";

    private UNetOutputs() {
    }

    /** Hidden-state output of {@code down_blocks[index]} (after its downsampler, if any). */
    public static String downBlock(int index) {
        return DOWN_BLOCK_PREFIX + index;
    }

    /** Output of {@code up_blocks[index]} (after its upsampler, if any). */
    public static String upBlock(int index) {
        return UP_BLOCK_PREFIX + index;
    }

    /** Whether {@code name} is the name of a cross-attention probability tensor (a module path ending in attn2). */
    public static boolean isCrossAttention(String name) {
        return name.endsWith(".attn2");
    }
}

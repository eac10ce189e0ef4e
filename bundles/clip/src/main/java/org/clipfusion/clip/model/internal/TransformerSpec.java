package org.clipfusion.clip.model.internal;

/**
 * The shape of one open_clip {@code Transformer} (a stack of residual attention blocks).
 *
 * @param weightPrefix key prefix of the blocks, e.g. {@code visual.transformer.resblocks.}; block i's keys follow
 *     {@code weightPrefix + i + "."}
 * @param outputPrefix graph name prefix of the block outputs, e.g. {@code visual_block_}
 * @param layers number of blocks
 * @param width token width
 * @param heads attention heads
 * @param quickGelu MLP activation: QuickGELU (true) or exact GELU
 * @param epsilon LayerNorm epsilon
 */
record TransformerSpec(String weightPrefix, String outputPrefix, int layers, int width, int heads, boolean quickGelu,
        double epsilon) {
    int headWidth() {
        return width / heads;
    }

    /** The same stack, its block outputs named with another prefix (for a second path through shared weights). */
    TransformerSpec withOutputPrefix(String prefix) {
        return new TransformerSpec(weightPrefix, prefix, layers, width, heads, quickGelu, epsilon);
    }
}

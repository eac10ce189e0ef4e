package org.clipfusion.diffusion.unet.internal;

/**
 * One diffusers {@code Attention} module as the UNet builds it: what {@code attention_modules} of the key manifests
 * lists, and what the graph computes.
 *
 * @param path module path, e.g. {@code mid_block.attentions.0.transformer_blocks.0.attn2}
 * @param heads number of heads
 * @param innerDim heads × head width (width of {@code to_q}'s output)
 * @param cross whether keys and values come from the encoder hidden states ({@code attn2})
 * @param scale the factor on {@code q·kᵀ}: head width^−½
 */
public record AttentionModuleSpec(String path, int heads, int innerDim, boolean cross, double scale) {
}

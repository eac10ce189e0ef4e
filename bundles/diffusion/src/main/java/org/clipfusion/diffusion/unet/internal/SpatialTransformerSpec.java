package org.clipfusion.diffusion.unet.internal;

/**
 * One diffusers {@code Transformer2DModel} over a feature map (continuous input, LayerNorm blocks): GroupNorm
 * (eps 1e-6) → {@code proj_in} → {@code depth} {@code BasicTransformerBlock}s → {@code proj_out} → + input.
 *
 * @param path module path, e.g. {@code up_blocks.1.attentions.2}
 * @param channels feature-map channels; also the transformer width (diffusers: heads × (channels / heads))
 * @param heads attention heads of {@code attn1} and {@code attn2}
 * @param depth number of transformer blocks
 * @param crossAttentionDim width of the encoder hidden states {@code attn2} attends to
 * @param linearProjection whether {@code proj_in}/{@code proj_out} are Linear rather than 1×1 convs
 */
public record SpatialTransformerSpec(String path, int channels, int heads, int depth, int crossAttentionDim,
        boolean linearProjection) {
    /** Width of one head. */
    public int headDim() {
        return channels / heads;
    }

    /** Module path of transformer block {@code index}. */
    public String blockPath(int index) {
        return path + ".transformer_blocks." + index;
    }

    /** Module path of the cross-attention of transformer block {@code index}: the name of its probabilities. */
    public String crossAttentionPath(int index) {
        return blockPath(index) + ".attn2";
    }
}

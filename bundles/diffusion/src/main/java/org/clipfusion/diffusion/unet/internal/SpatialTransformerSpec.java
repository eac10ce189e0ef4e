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
 * @param tokenMultiple a number every token count {@code h·w} of this feature map is a multiple of (latent sides
 *     are multiples of {@code 2^(levels − 1)}, so at level {@code l} from the top {@code h·w} is a multiple of
 *     {@code 4^(levels − 1 − l)}); 1 when nothing is known
 */
public record SpatialTransformerSpec(String path, int channels, int heads, int depth, int crossAttentionDim,
        boolean linearProjection, int tokenMultiple) {
    /** Self-attention is chunked where this many tokens are guaranteed to divide evenly. */
    private static final int CHUNKED_TOKEN_MULTIPLE = 64;
    /** 16 chunks: 256 query rows each at SD's 64² latents (4096 tokens), 128 MB of scores per chunk at batch 4. */
    private static final int SELF_ATTENTION_CHUNKS = 16;

    /** A transformer with no known token multiple: its self-attention runs unchunked. */
    public SpatialTransformerSpec(String path, int channels, int heads, int depth, int crossAttentionDim,
            boolean linearProjection) {
        this(path, channels, heads, depth, crossAttentionDim, linearProjection, 1);
    }

    /**
     * Query chunks of the self-attention: 16 at the full-resolution level of an SD-sized UNet, where the {@code
     * B·heads·T²} scores are largest (2 GB at batch 4, 64² latents) and dominate peak memory; 1 elsewhere, where
     * chunks would only add ops. The cross-attention is never chunked: its probabilities are an output.
     */
    public int selfAttentionChunks() {
        return tokenMultiple >= CHUNKED_TOKEN_MULTIPLE ? SELF_ATTENTION_CHUNKS : 1;
    }

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

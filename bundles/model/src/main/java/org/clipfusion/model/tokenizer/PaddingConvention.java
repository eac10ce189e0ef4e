package org.clipfusion.model.tokenizer;

/**
 * How the positions after {@code <|endoftext|>} are filled in a fixed-length token row. The ids before the
 * padding are the same for every convention: {@code <|startoftext|>}, the BPE ids, {@code <|endoftext|>}.
 *
 * <p>Text encoders that pool at the end-of-text token find it by {@code argmax} of the ids (open_clip) or by
 * the first occurrence of id 49407 (Hugging Face), so feeding a model rows padded the other way changes its
 * pooled output: use the convention the model was trained and exported with.
 */
public enum PaddingConvention {
    /** open_clip's {@code tokenize} and OpenAI's {@code clip.tokenize}: padded with 0. */
    OPEN_CLIP(0),
    /**
     * Stable Diffusion 1.x ({@code openai/clip-vit-large-patch14} Hugging Face {@code CLIPTokenizer}): its
     * {@code pad_token} is {@code <|endoftext|>}, so rows are padded with 49407.
     */
    STABLE_DIFFUSION_1(ClipTokenizer.END_OF_TEXT_ID),
    /**
     * Stable Diffusion 2.x (OpenCLIP ViT-H/14 text encoder, Hugging Face {@code CLIPTokenizer}): its
     * {@code pad_token} is {@code "!"}, which is vocabulary id 0 (the first byte symbol), so rows are padded
     * with 0 exactly as {@link #OPEN_CLIP}.
     */
    STABLE_DIFFUSION_2(0);

    private final int padId;

    PaddingConvention(int padId) {
        this.padId = padId;
    }

    /** The id written after {@code <|endoftext|>} up to the end of the row. */
    public int padId() {
        return padId;
    }
}

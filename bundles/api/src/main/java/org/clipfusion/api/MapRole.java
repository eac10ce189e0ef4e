package org.clipfusion.api;

/**
 * Which of CLIPFusion's four maps (or their fusion) an {@link AnomalyMap} is. Fusion strategies combine maps by role:
 * {@code M = α(CLIP_LANGUAGE + CLIP_VISION) + (1 − α)(DIFFUSION_LANGUAGE + DIFFUSION_VISION)}.
 */
public enum MapRole {
    /** PatchCLIP, text prompts against image crops (zero- and few-shot). */
    CLIP_LANGUAGE,
    /** PatchCLIP, nearest neighbours in a memory bank of normal references (few-shot only). */
    CLIP_VISION,
    /** MapDiff, UNet cross-attention on anomaly words (zero- and few-shot). */
    DIFFUSION_LANGUAGE,
    /** MapDiff, UNet decoder features against a memory bank of normal references (few-shot only). */
    DIFFUSION_VISION,
    /** The output of a fusion strategy. */
    FUSED,
    /** A map from a scorer outside the paper's four (a plant's own model, a test scorer). */
    OTHER
}

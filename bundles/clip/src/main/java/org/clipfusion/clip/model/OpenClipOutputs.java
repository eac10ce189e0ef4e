package org.clipfusion.clip.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Names of the tensors {@link OpenClipModel#imageOutputs} and {@link OpenClipModel#textOutputs} can return. They
 * match the file names of the parity fixtures (without {@code .npy}) and, for blocks, the open_clip module they are
 * the output of. Every tensor is batch-first.
 */
public final class OpenClipOutputs {
    /**
     * {@code [B, 1+N, width]}: class token + patch embeddings + positional embedding, before {@code ln_pre}; the
     * input of open_clip's {@code patch_dropout}, which WinCLIP hooks.
     */
    public static final String FEATURE_MAP = "feature_map";
    /** {@code [B, 1+N, width]}: output of {@code visual.ln_pre}. */
    public static final String VISUAL_LN_PRE = "visual_ln_pre";
    /** {@code [B, 1+N, width]}: output of {@code visual.ln_post}, applied to all tokens. */
    public static final String VISUAL_LN_POST = "visual_ln_post";
    /** {@code [B, embed_dim]}: {@code model.encode_image}, unnormalised (class token after ln_post, @ proj). */
    public static final String IMAGE_FEATURES = "image_features";
    /** {@code [B, N, width]}: patch tokens after {@code ln_post}, unprojected, row-major over the patch grid. */
    public static final String PATCH_TOKENS = "patch_tokens";
    /** {@code [B, context_length, width]}: token embedding + positional embedding. */
    public static final String TEXT_EMBEDDINGS = "text_embeddings";
    /** {@code [B, context_length, width]}: output of {@code ln_final}, all tokens. */
    public static final String TEXT_LN_FINAL = "text_ln_final";
    /** {@code [B, embed_dim]}: {@code model.encode_text}, unnormalised (EOT token after ln_final, @ projection). */
    public static final String TEXT_FEATURES = "text_features";

    private static final String VISUAL_BLOCK_PREFIX = "visual_block_";
    private static final String TEXT_BLOCK_PREFIX = "text_block_";

    private OpenClipOutputs() {
    }

    /** {@code [B, 1+N, width]}: output of {@code visual.transformer.resblocks[block]}. */
    public static String visualBlock(int block) {
        return VISUAL_BLOCK_PREFIX + block;
    }

    /** {@code [B, context_length, width]}: output of {@code transformer.resblocks[block]}. */
    public static String textBlock(int block) {
        return TEXT_BLOCK_PREFIX + block;
    }

    /** Every name {@link OpenClipModel#imageOutputs} accepts for a model of {@code config}, in forward order. */
    public static List<String> imageOutputs(OpenClipConfig config) {
        List<String> names = new ArrayList<>(List.of(FEATURE_MAP, VISUAL_LN_PRE));
        for (int block = 0; block < config.vision().layers(); block++) {
            names.add(visualBlock(block));
        }
        names.addAll(List.of(VISUAL_LN_POST, IMAGE_FEATURES, PATCH_TOKENS));
        return Collections.unmodifiableList(names);
    }

    /** Every name {@link OpenClipModel#textOutputs} accepts for a model of {@code config}, in forward order. */
    public static List<String> textOutputs(OpenClipConfig config) {
        List<String> names = new ArrayList<>(List.of(TEXT_EMBEDDINGS));
        for (int block = 0; block < config.text().layers(); block++) {
            names.add(textBlock(block));
        }
        names.addAll(List.of(TEXT_LN_FINAL, TEXT_FEATURES));
        return Collections.unmodifiableList(names);
    }
}

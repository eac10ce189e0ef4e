package org.clipfusion.clip.model.internal;

import org.clipfusion.clip.model.OpenClipConfig;

/**
 * Token ids checked against the text config, with the row each text is pooled at: open_clip's
 * {@code text_global_pool(..., 'argmax')} takes the position of the largest id (the end-of-text token, 49407 in
 * CLIP's vocabulary), the first one on ties as {@code torch.argmax} does.
 *
 * <p>Under the causal mask a token sees only itself and earlier tokens, so the pooled EOT rows do not depend on
 * anything after the last EOT of the batch: the batch can run cut to {@link #pooledLength()} positions (about 17 of
 * 77 for the WinCLIP prompts, a quarter of the work) and give the same features.
 *
 * @param eotPositions per text, {@code argmax(ids[b])}
 * @param contextLength the model's full sequence length
 */
public record TokenBatch(int[] eotPositions, int contextLength) {
    /** The positions a run must keep for every text's pooled token: the last EOT position + 1. */
    public int pooledLength() {
        int last = 0;
        for (int position : eotPositions) {
            last = Math.max(last, position);
        }
        return last + 1;
    }

    /** Per text, {@code b · length + argmax(ids[b])}: the pooled row of the flattened {@code [B·length]} batch. */
    public long[] eotRows(int length) {
        long[] rows = new long[eotPositions.length];
        for (int row = 0; row < rows.length; row++) {
            rows[row] = (long) row * length + eotPositions[row];
        }
        return rows;
    }

    /** The first {@code length} ids of every text. */
    public static long[][] cut(long[][] tokenIds, int length) {
        long[][] cut = new long[tokenIds.length][];
        for (int row = 0; row < tokenIds.length; row++) {
            cut[row] = java.util.Arrays.copyOf(tokenIds[row], length);
        }
        return cut;
    }

    /**
     * @throws IllegalArgumentException for no texts, a row of another length than {@code context_length}, or an id
     *     outside {@code [0, vocab_size)}
     */
    public static TokenBatch of(long[][] tokenIds, OpenClipConfig.TextConfig text) {
        if (tokenIds.length == 0) {
            throw new IllegalArgumentException("no texts given");
        }
        int[] eotPositions = new int[tokenIds.length];
        for (int row = 0; row < tokenIds.length; row++) {
            long[] ids = tokenIds[row];
            if (ids == null || ids.length != text.contextLength()) {
                throw new IllegalArgumentException("text " + row + " has " + (ids == null ? 0 : ids.length)
                        + " token ids; this model takes exactly context_length = " + text.contextLength()
                        + " (pad with 0 as open_clip's tokenizer does)");
            }
            int argmax = 0;
            for (int position = 0; position < ids.length; position++) {
                if (ids[position] < 0 || ids[position] >= text.vocabSize()) {
                    throw new IllegalArgumentException("text " + row + ", position " + position + ": token id "
                            + ids[position] + " is outside the vocabulary [0, " + text.vocabSize() + ")");
                }
                if (ids[position] > ids[argmax]) {
                    argmax = position;
                }
            }
            eotPositions[row] = argmax;
        }
        return new TokenBatch(eotPositions, text.contextLength());
    }
}

package org.clipfusion.clip.model.internal;

import org.clipfusion.clip.model.OpenClipConfig;

/**
 * Token ids checked against the text config, with the row each text is pooled at: open_clip's
 * {@code text_global_pool(..., 'argmax')} takes the position of the largest id (the end-of-text token, 49407 in
 * CLIP's vocabulary), the first one on ties as {@code torch.argmax} does.
 *
 * @param eotRows per text, {@code b · context_length + argmax(ids[b])}: the pooled row of the flattened batch
 */
public record TokenBatch(long[] eotRows) {
    /**
     * @throws IllegalArgumentException for no texts, a row of another length than {@code context_length}, or an id
     *     outside {@code [0, vocab_size)}
     */
    public static TokenBatch of(long[][] tokenIds, OpenClipConfig.TextConfig text) {
        if (tokenIds.length == 0) {
            throw new IllegalArgumentException("no texts given");
        }
        long[] eotRows = new long[tokenIds.length];
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
            eotRows[row] = (long) row * text.contextLength() + argmax;
        }
        return new TokenBatch(eotRows);
    }
}

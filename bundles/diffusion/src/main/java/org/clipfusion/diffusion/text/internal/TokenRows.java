package org.clipfusion.diffusion.text.internal;

import org.clipfusion.diffusion.text.TextEncoderConfig;

/**
 * Token ids checked against the config, with the row each text is pooled at, chosen as transformers'
 * {@code CLIPTextTransformer} does: with {@code eos_token_id == 2} (the legacy configs of SD 1.x and 2.x) the
 * position of the largest id (CLIP's end-of-text 49407), the first on ties; otherwise the first position holding
 * {@code eos_token_id}, or 0 when there is none (the argmax of an all-false mask).
 *
 * @param length tokens per text
 * @param pooledRows per text, {@code b · length + position}: the pooled row of the flattened {@code [B·T]} batch
 */
public record TokenRows(int length, long[] pooledRows) {
    /**
     * @throws IllegalArgumentException for no texts, rows of different or unsupported lengths, or an id outside the
     *     vocabulary
     */
    public static TokenRows of(long[][] tokenIds, TextEncoderConfig config) {
        if (tokenIds == null || tokenIds.length == 0) {
            throw new IllegalArgumentException("no texts given");
        }
        int length = tokenIds[0] == null ? 0 : tokenIds[0].length;
        if (length < 1 || length > config.maxPositionEmbeddings()) {
            throw new IllegalArgumentException("text 0 has " + length + " token ids; this encoder takes 1 to "
                    + config.maxPositionEmbeddings() + " (max_position_embeddings)");
        }
        long[] pooledRows = new long[tokenIds.length];
        for (int row = 0; row < tokenIds.length; row++) {
            long[] ids = tokenIds[row];
            if (ids == null || ids.length != length) {
                throw new IllegalArgumentException("text " + row + " has " + (ids == null ? 0 : ids.length)
                        + " token ids but text 0 has " + length + "; pad every row to the same length");
            }
            for (int position = 0; position < length; position++) {
                if (ids[position] < 0 || ids[position] >= config.vocabSize()) {
                    throw new IllegalArgumentException("text " + row + ", position " + position + ": token id "
                            + ids[position] + " is outside the vocabulary [0, " + config.vocabSize() + ")");
                }
            }
            pooledRows[row] = (long) row * length + pooledPosition(ids, config.eosTokenId());
        }
        return new TokenRows(length, pooledRows);
    }

    private static int pooledPosition(long[] ids, long eosTokenId) {
        if (eosTokenId == TextEncoderConfig.LEGACY_ARGMAX_EOS_TOKEN_ID) {
            int argmax = 0;
            for (int position = 1; position < ids.length; position++) {
                if (ids[position] > ids[argmax]) {
                    argmax = position;
                }
            }
            return argmax;
        }
        for (int position = 0; position < ids.length; position++) {
            if (ids[position] == eosTokenId) {
                return position;
            }
        }
        return 0;
    }
}

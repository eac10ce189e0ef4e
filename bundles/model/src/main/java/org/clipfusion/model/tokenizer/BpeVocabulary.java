package org.clipfusion.model.tokenizer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The CLIP vocabulary built from the gzipped merges file: ids 0..255 are the byte symbols, 256..511 the same
 * with the end-of-word marker {@code </w>}, then one token per merge in merge order, then
 * {@code <|startoftext|>} and {@code <|endoftext|>}. Immutable once built.
 */
final class BpeVocabulary {
    static final String END_OF_WORD = "</w>";
    static final String START_OF_TEXT = "<|startoftext|>";
    static final String END_OF_TEXT = "<|endoftext|>";
    /** The file holds more merges than CLIP uses; CLIP keeps the first 49152 - 256 - 2 of them. */
    static final int MERGE_COUNT = 49152 - 256 - 2;
    static final int SIZE = 2 * 256 + MERGE_COUNT + 2;

    private final String[] tokensById;
    private final Map<String, Integer> idsByToken;
    private final Map<String, Integer> mergeRanks;

    private BpeVocabulary(String[] tokensById, Map<String, Integer> idsByToken, Map<String, Integer> mergeRanks) {
        this.tokensById = tokensById;
        this.idsByToken = idsByToken;
        this.mergeRanks = mergeRanks;
    }

    /**
     * Reads a merges file in the {@code bpe_simple_vocab_16e6.txt.gz} format: a version line, then one merge
     * {@code "left right"} per line, best (lowest rank) first. The stream is read but not closed.
     *
     * @param source where the stream came from, for error messages
     * @throws VocabularyLoadException if the stream is not gzip, ends early or has a malformed merge line
     */
    static BpeVocabulary read(InputStream gzippedMerges, String source) {
        String[] tokens = new String[SIZE];
        Map<String, Integer> ranks = new HashMap<>(MERGE_COUNT * 2);
        char[] byteSymbols = ByteToUnicode.symbolsInVocabularyOrder();
        for (int i = 0; i < 256; i++) {
            tokens[i] = String.valueOf(byteSymbols[i]);
            tokens[256 + i] = byteSymbols[i] + END_OF_WORD;
        }
        try {
            BufferedReader reader = new BufferedReader(
                    new InputStreamReader(new GZIPInputStream(gzippedMerges), StandardCharsets.UTF_8));
            if (reader.readLine() == null) {
                throw new VocabularyLoadException(source + ": the merges file is empty");
            }
            for (int rank = 0; rank < MERGE_COUNT; rank++) {
                String line = reader.readLine();
                if (line == null) {
                    throw new VocabularyLoadException(source + ": the merges file ends after " + rank
                            + " merges; CLIP needs " + MERGE_COUNT);
                }
                String[] pair = line.trim().split("\\s+");
                if (pair.length != 2 || pair[0].isEmpty()) {
                    throw new VocabularyLoadException(source + ": line " + (rank + 2)
                            + " is not a merge 'left right': '" + line + "'");
                }
                ranks.put(pairKey(pair[0], pair[1]), rank);
                tokens[512 + rank] = pair[0] + pair[1];
            }
        } catch (IOException e) {
            throw new VocabularyLoadException(source + ": cannot read the gzipped merges file: " + e.getMessage(), e);
        }
        tokens[SIZE - 2] = START_OF_TEXT;
        tokens[SIZE - 1] = END_OF_TEXT;

        Map<String, Integer> ids = new HashMap<>(SIZE * 2);
        for (int id = 0; id < SIZE; id++) {
            Integer previous = ids.put(tokens[id], id);
            if (previous != null) {
                throw new VocabularyLoadException(source + ": token '" + tokens[id] + "' occurs twice (ids "
                        + previous + " and " + id + "); not a CLIP merges file");
            }
        }
        return new BpeVocabulary(tokens, ids, ranks);
    }

    /** The map key of the merge {@code (left, right)}; symbols never contain a space, so it is unambiguous. */
    static String pairKey(String left, String right) {
        return left + ' ' + right;
    }

    /** The rank of merging {@code left} and {@code right} (lower merges first), or -1 if they never merge. */
    int mergeRank(String left, String right) {
        Integer rank = mergeRanks.get(pairKey(left, right));
        return rank == null ? -1 : rank;
    }

    /** The id of {@code token}, or -1 if it is not in the vocabulary. */
    int idOf(String token) {
        Integer id = idsByToken.get(token);
        return id == null ? -1 : id;
    }

    /**
     * The token string of {@code id}.
     *
     * @throws IllegalArgumentException if {@code id} is outside 0..{@link #SIZE}-1
     */
    String tokenOf(int id) {
        if (id < 0 || id >= tokensById.length) {
            throw new IllegalArgumentException("token id " + id + " is outside the vocabulary 0.." + (SIZE - 1));
        }
        return tokensById[id];
    }
}

package org.clipfusion.model.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Splits one pre-token (already mapped to byte symbols) into vocabulary ids by applying the BPE merges in
 * rank order, the last symbol carrying the end-of-word marker. Results are cached per pre-token: prompts
 * repeat the same few words, and the merge loop is quadratic in the word length.
 *
 * <p>Thread-safe: the vocabulary is immutable and the cache is a {@link ConcurrentHashMap}; two threads may
 * compute the same word at once, which is harmless as the result is deterministic.
 */
final class BytePairEncoder {
    /**
     * The cache stops growing at this many words, so a service fed arbitrary text cannot grow it without
     * bound; words beyond it are simply recomputed.
     */
    static final int MAX_CACHED_WORDS = 100_000;

    private final BpeVocabulary vocabulary;
    private final Map<String, int[]> idsByWord = new ConcurrentHashMap<>();

    BytePairEncoder(BpeVocabulary vocabulary) {
        this.vocabulary = vocabulary;
    }

    /**
     * The ids of {@code symbolWord}, a non-empty pre-token in byte symbols. The returned array is shared with
     * the cache: callers must not modify it.
     */
    int[] encodeWord(String symbolWord) {
        int[] cached = idsByWord.get(symbolWord);
        if (cached != null) {
            return cached;
        }
        List<String> symbols = mergeAll(symbolWord);
        int[] ids = new int[symbols.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = vocabulary.idOf(symbols.get(i));
            if (ids[i] < 0) {
                // Cannot happen with a consistent vocabulary: every merge result and byte symbol is a token.
                throw new IllegalStateException("BPE produced '" + symbols.get(i) + "', which is not in the vocabulary");
            }
        }
        if (idsByWord.size() < MAX_CACHED_WORDS) {
            idsByWord.put(symbolWord, ids);
        }
        return ids;
    }

    private List<String> mergeAll(String symbolWord) {
        // Byte symbols are all in the BMP, so one char is one symbol.
        List<String> word = new ArrayList<>(symbolWord.length());
        for (int i = 0; i < symbolWord.length() - 1; i++) {
            word.add(String.valueOf(symbolWord.charAt(i)));
        }
        word.add(symbolWord.charAt(symbolWord.length() - 1) + BpeVocabulary.END_OF_WORD);

        while (word.size() > 1) {
            int bestRank = Integer.MAX_VALUE;
            String bestLeft = null;
            String bestRight = null;
            for (int i = 0; i < word.size() - 1; i++) {
                int rank = vocabulary.mergeRank(word.get(i), word.get(i + 1));
                if (rank >= 0 && rank < bestRank) {
                    bestRank = rank;
                    bestLeft = word.get(i);
                    bestRight = word.get(i + 1);
                }
            }
            if (bestLeft == null) {
                break;
            }
            word = mergeEveryOccurrence(word, bestLeft, bestRight);
        }
        return word;
    }

    /** Replaces each non-overlapping adjacent {@code (left, right)}, scanning left to right, by their join. */
    private static List<String> mergeEveryOccurrence(List<String> word, String left, String right) {
        List<String> merged = new ArrayList<>(word.size());
        int i = 0;
        while (i < word.size()) {
            if (i < word.size() - 1 && word.get(i).equals(left) && word.get(i + 1).equals(right)) {
                merged.add(left + right);
                i += 2;
            } else {
                merged.add(word.get(i));
                i += 1;
            }
        }
        return merged;
    }
}

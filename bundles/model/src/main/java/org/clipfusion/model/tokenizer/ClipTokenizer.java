package org.clipfusion.model.tokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * CLIP's byte-level BPE tokenizer, giving the same ids as open_clip's {@code SimpleTokenizer}, OpenAI's
 * {@code clip.tokenize} and the Hugging Face {@code CLIPTokenizer} of Stable Diffusion 1.x/2.x.
 *
 * <p>Pipeline: clean the text (HTML unescape twice, collapse whitespace, lower case; see
 * {@link #encode(String)}), split it into pre-tokens (special tokens, contractions, letter runs, single
 * digits, punctuation runs), map each pre-token's UTF-8 bytes to byte symbols, and merge them by BPE.
 * {@link #tokenize(String, PaddingConvention)} then lays the ids out in a fixed-length row:
 * {@code <|startoftext|>}, the ids, {@code <|endoftext|>}, padding.
 *
 * <p>Instances are immutable apart from an internal word cache and are safe to share between threads;
 * loading costs a fraction of a second and some megabytes, so load once and share.
 */
public final class ClipTokenizer {
    /** The row length of every CLIP text encoder in this project (open_clip, SD 1.x, SD 2.x). */
    public static final int CONTEXT_LENGTH = 77;
    /** Number of tokens in the vocabulary. */
    public static final int VOCABULARY_SIZE = BpeVocabulary.SIZE;
    /** Id of {@code <|startoftext|>}, the first entry of every row. */
    public static final int START_OF_TEXT_ID = VOCABULARY_SIZE - 2;
    /** Id of {@code <|endoftext|>}, which ends the text of every row (and pads it under SD 1.x). */
    public static final int END_OF_TEXT_ID = VOCABULARY_SIZE - 1;
    /** The bundled vocabulary, next to this class; see {@code LICENSE-openai-clip-bpe.txt} there. */
    static final String VOCABULARY_RESOURCE = "bpe_simple_vocab_16e6.txt.gz";

    private final BpeVocabulary vocabulary;
    private final BytePairEncoder encoder;

    private ClipTokenizer(BpeVocabulary vocabulary) {
        this.vocabulary = vocabulary;
        this.encoder = new BytePairEncoder(vocabulary);
    }

    /**
     * The tokenizer with the bundled OpenAI vocabulary ({@code bpe_simple_vocab_16e6.txt.gz}).
     *
     * @throws VocabularyLoadException if the resource is missing from the bundle or unreadable
     */
    public static ClipTokenizer load() {
        // Class-relative lookup: resolves inside this bundle's own class space under OSGi.
        try (InputStream resource = ClipTokenizer.class.getResourceAsStream(VOCABULARY_RESOURCE)) {
            if (resource == null) {
                throw new VocabularyLoadException("the CLIP vocabulary resource "
                        + ClipTokenizer.class.getPackageName().replace('.', '/') + '/' + VOCABULARY_RESOURCE
                        + " is missing from the class path / bundle; the build must package it");
            }
            return new ClipTokenizer(BpeVocabulary.read(resource, VOCABULARY_RESOURCE));
        } catch (IOException e) {
            throw new VocabularyLoadException("cannot close the CLIP vocabulary resource", e);
        }
    }

    /**
     * A tokenizer from another copy of the merges file, in the gzipped {@code bpe_simple_vocab_16e6} format
     * (a version line, then at least 48894 merges). The stream is read to the last merge used, not closed.
     *
     * @throws IllegalArgumentException if {@code gzippedMerges} is null
     * @throws VocabularyLoadException if the stream is not such a file
     */
    public static ClipTokenizer load(InputStream gzippedMerges) {
        requireArgument(gzippedMerges, "gzippedMerges");
        return new ClipTokenizer(BpeVocabulary.read(gzippedMerges, "merges stream"));
    }

    /**
     * The BPE ids of {@code text}, without {@code <|startoftext|>}/{@code <|endoftext|>} and untruncated.
     * The text is first cleaned as open_clip does: HTML character references unescaped twice (the HTML 4
     * named set plus numeric ones, see {@code HtmlUnescaper}), whitespace collapsed and stripped, lower
     * case. ftfy's {@code fix_text} is not applied (treated as the identity): pass NFC text without mojibake.
     * The literal strings {@code <|startoftext|>} and {@code <|endoftext|>} in the text become the special ids.
     *
     * @throws IllegalArgumentException if {@code text} is null
     */
    public List<Integer> encode(String text) {
        requireArgument(text, "text");
        List<Integer> ids = new ArrayList<>();
        for (EncodedWord word : encodeWords(text)) {
            for (int id : word.ids()) {
                ids.add(id);
            }
        }
        return Collections.unmodifiableList(ids);
    }

    /**
     * The context row of {@code text}: {@code <|startoftext|>}, its BPE ids, {@code <|endoftext|>}, then the
     * pad id of {@code convention}, {@link #CONTEXT_LENGTH} entries in all. Text with more than
     * {@code CONTEXT_LENGTH - 2} ids is truncated as open_clip and Hugging Face do: its first 75 ids are kept
     * and {@code <|endoftext|>} is still the last entry.
     *
     * @throws IllegalArgumentException if an argument is null
     */
    public long[] tokenize(String text, PaddingConvention convention) {
        return tokenize(text, convention, CONTEXT_LENGTH);
    }

    /**
     * As {@link #tokenize(String, PaddingConvention)} with a row of {@code contextLength} entries.
     *
     * @throws IllegalArgumentException if an argument is null or {@code contextLength < 2}
     */
    public long[] tokenize(String text, PaddingConvention convention, int contextLength) {
        requireArgument(text, "text");
        requireArgument(convention, "convention");
        requireContextLength(contextLength);
        List<Integer> ids = encode(text);
        int kept = Math.min(ids.size(), contextLength - 2);
        long[] row = new long[contextLength];
        Arrays.fill(row, convention.padId());
        row[0] = START_OF_TEXT_ID;
        for (int i = 0; i < kept; i++) {
            row[1 + i] = ids.get(i);
        }
        row[1 + kept] = END_OF_TEXT_ID;
        return row;
    }

    /**
     * One {@link #CONTEXT_LENGTH}-long row per text, in order: the {@code [texts.size(), 77]} batch a text
     * encoder takes.
     *
     * @throws IllegalArgumentException if {@code texts}, one of its elements, or {@code convention} is null
     */
    public long[][] tokenize(List<String> texts, PaddingConvention convention) {
        requireArgument(texts, "texts");
        long[][] rows = new long[texts.size()][];
        for (int i = 0; i < rows.length; i++) {
            String text = texts.get(i);
            if (text == null) {
                throw new IllegalArgumentException("texts[" + i + "] must not be null");
            }
            rows[i] = tokenize(text, convention);
        }
        return rows;
    }

    /**
     * The indices, in the {@link #CONTEXT_LENGTH}-long row of {@code prompt} (where index 0 is
     * {@code <|startoftext|>}), of the tokens that make up {@code word}; for example the cross-attention
     * columns of an anomaly word in Stable Diffusion. A word may be several BPE tokens ("scratched" may be
     * {@code scrat|ched</w>}) and may be several words ("metal nut").
     *
     * <p>{@code word} is cleaned and split like the prompt and must match whole pre-tokens of it: "nut" is
     * not found in "hazelnut", nor "ted" in "corrupted", even where the BPE ids would line up. Matching is
     * case-insensitive, since both are lower-cased. Every occurrence counts; the result lists the positions
     * of all of them in increasing order. An occurrence cut off, even in part, by truncation is not counted.
     *
     * @return the positions, never null; empty when {@code word} does not occur in {@code prompt}
     * @throws IllegalArgumentException if an argument is null, or {@code word} has no tokens (empty, blank)
     */
    public int[] positionsOf(String prompt, String word) {
        return positionsOf(prompt, word, CONTEXT_LENGTH);
    }

    /**
     * As {@link #positionsOf(String, String)} for rows of {@code contextLength} entries.
     *
     * @throws IllegalArgumentException as {@link #positionsOf(String, String)}, or if {@code contextLength < 2}
     */
    public int[] positionsOf(String prompt, String word, int contextLength) {
        requireArgument(prompt, "prompt");
        requireArgument(word, "word");
        requireContextLength(contextLength);
        List<EncodedWord> wanted = encodeWords(word);
        if (wanted.isEmpty()) {
            throw new IllegalArgumentException("word '" + word + "' has no tokens to look for");
        }
        List<EncodedWord> words = encodeWords(prompt);
        int lastTextPosition = contextLength - 2;
        List<Integer> positions = new ArrayList<>();
        int position = 1; // row index of the first token of words[start]
        for (int start = 0; start + wanted.size() <= words.size(); start++) {
            if (matchesAt(words, start, wanted)) {
                int length = 0;
                for (EncodedWord matched : wanted) {
                    length += matched.ids().length;
                }
                if (position + length - 1 <= lastTextPosition) {
                    for (int i = 0; i < length; i++) {
                        positions.add(position + i);
                    }
                }
            }
            position += words.get(start).ids().length;
        }
        return positions.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The text of {@code ids}, as open_clip's {@code decode}: tokens joined, bytes decoded as UTF-8 (invalid
     * sequences become U+FFFD), each end-of-word marker turned into a space. Special and padding ids are not
     * skipped ({@code <|startoftext|>} appears as such, pad id 0 as {@code "!"}).
     *
     * @throws IllegalArgumentException if {@code ids} or one of them is null or outside the vocabulary
     */
    public String decode(List<Integer> ids) {
        requireArgument(ids, "ids");
        StringBuilder symbols = new StringBuilder();
        for (Integer id : ids) {
            requireArgument(id, "token id");
            symbols.append(vocabulary.tokenOf(id));
        }
        return ByteToUnicode.decode(symbols).replace(BpeVocabulary.END_OF_WORD, " ");
    }

    /**
     * The vocabulary entry of {@code id} in its byte-symbol spelling, e.g. {@code "photo</w>"} (a word end)
     * or {@code "corrup"} (a word piece); non-ASCII text shows as its UTF-8 bytes' symbols ({@code "é"} is
     * {@code "Ã©"}).
     *
     * @throws IllegalArgumentException if {@code id} is outside 0..{@link #VOCABULARY_SIZE}-1
     */
    public String token(int id) {
        return vocabulary.tokenOf(id);
    }

    /** The pre-tokens of {@code text} after cleaning, each with its ids. */
    private List<EncodedWord> encodeWords(String text) {
        List<EncodedWord> words = new ArrayList<>();
        for (String preToken : PreTokenizer.split(TextCleaner.clean(text))) {
            words.add(new EncodedWord(preToken, idsOf(preToken)));
        }
        return words;
    }

    private int[] idsOf(String preToken) {
        // The special tokens' characters are all printable ASCII, so they are their own byte symbols and
        // open_clip finds them verbatim in the vocabulary instead of running BPE on them.
        if (preToken.equals(BpeVocabulary.START_OF_TEXT)) {
            return new int[] {START_OF_TEXT_ID};
        }
        if (preToken.equals(BpeVocabulary.END_OF_TEXT)) {
            return new int[] {END_OF_TEXT_ID};
        }
        return encoder.encodeWord(ByteToUnicode.encode(preToken));
    }

    private static boolean matchesAt(List<EncodedWord> words, int start, List<EncodedWord> wanted) {
        for (int i = 0; i < wanted.size(); i++) {
            if (!words.get(start + i).text().equals(wanted.get(i).text())) {
                return false;
            }
        }
        return true;
    }

    private static void requireArgument(Object argument, String name) {
        if (argument == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
    }

    private static void requireContextLength(int contextLength) {
        if (contextLength < 2) {
            throw new IllegalArgumentException("contextLength must be at least 2 (start and end of text), got "
                    + contextLength);
        }
    }

    /** One pre-token (cleaned text) and its BPE ids; the ids array may be shared with the cache, read only. */
    private record EncodedWord(String text, int[] ids) {}
}

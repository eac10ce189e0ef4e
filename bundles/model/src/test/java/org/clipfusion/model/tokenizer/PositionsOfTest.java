package org.clipfusion.model.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Locating a word's tokens in a prompt's row, e.g. to read its cross-attention maps. */
class PositionsOfTest {
    private final ClipTokenizer tokenizer = TestTokenizer.INSTANCE;

    @Test
    void singleTokenWord() {
        // [SOT] a photo of a hazelnut with a crack
        //   0   1   2    3  4    5      6   7   8
        assertArrayEquals(new int[] {8}, tokenizer.positionsOf("a photo of a hazelnut with a crack", "crack"));
        assertArrayEquals(new int[] {5}, tokenizer.positionsOf("a photo of a hazelnut with a crack", "hazelnut"));
    }

    @Test
    void wordSplitIntoSeveralTokens() {
        // a | j peg | corrup ted | photo ...: "corrupted" is ids 30429 775 at row positions 4 and 5.
        String prompt = "a jpeg corrupted photo of the damaged pipe_fryum.";
        int[] positions = tokenizer.positionsOf(prompt, "corrupted");
        assertArrayEquals(new int[] {4, 5}, positions);
        long[] row = tokenizer.tokenize(prompt, PaddingConvention.STABLE_DIFFUSION_1);
        assertEquals(30429, row[4]);
        assertEquals(775, row[5]);
    }

    @Test
    void madeUpWordAndEveryOccurrence() {
        // "glorpzifted" is gl|or|p|zi|fted</w>; it occurs twice.
        String prompt = "a glorpzifted metal nut and a glorpzifted screw";
        assertArrayEquals(new int[] {2, 3, 4, 5, 6, 11, 12, 13, 14, 15},
                tokenizer.positionsOf(prompt, "glorpzifted"));
    }

    @Test
    void compoundClassNameAcrossPreTokens() {
        // pipe _ fr yum: the class name is four tokens from three pre-tokens.
        assertArrayEquals(new int[] {10, 11, 12, 13},
                tokenizer.positionsOf("a jpeg corrupted photo of the damaged pipe_fryum.", "pipe_fryum"));
        assertArrayEquals(new int[] {7, 8}, tokenizer.positionsOf("a glorpzifted metal nut and a glorpzifted screw", "metal nut"));
    }

    @Test
    void matchingIsCaseInsensitiveAndIgnoresSurroundingWhitespace() {
        assertArrayEquals(new int[] {4, 5}, tokenizer.positionsOf("a JPEG Corrupted photo", "  CORRUPTED "));
    }

    @Test
    void onlyWholeWordsMatch() {
        // "ted</w>" is the last token of "corrupted" and "nut</w>" a token of "metal_nut", but "nut" is no
        // token of "hazelnut" and "ted" is no word of the prompt.
        assertEquals(0, tokenizer.positionsOf("a jpeg corrupted photo", "ted").length);
        assertEquals(0, tokenizer.positionsOf("a photo of a hazelnut", "nut").length);
        assertEquals(0, tokenizer.positionsOf("a photo of a hazelnut", "hazel").length);
        assertArrayEquals(new int[] {7}, tokenizer.positionsOf("a photo of the metal_nut", "nut"));
    }

    @Test
    void absentWordGivesAnEmptyArray() {
        assertEquals(0, tokenizer.positionsOf("a photo of a hazelnut with a crack", "scratch").length);
        assertEquals(0, tokenizer.positionsOf("", "scratch").length);
    }

    @Test
    void occurrenceCutOffByTruncationIsNotReported() {
        // 74 digits fill positions 1..74; "corrupted" would need 75 and 76, but 76 is the end of text.
        String prompt = "7".repeat(74) + " corrupted";
        assertEquals(0, tokenizer.positionsOf(prompt, "corrupted").length);
        String fits = "7".repeat(73) + " corrupted";
        assertArrayEquals(new int[] {74, 75}, tokenizer.positionsOf(fits, "corrupted"));
    }

    @Test
    void positionsFollowTheContextLength() {
        assertArrayEquals(new int[] {4, 5}, tokenizer.positionsOf("a jpeg corrupted photo", "corrupted", 7));
        assertEquals(0, tokenizer.positionsOf("a jpeg corrupted photo", "corrupted", 6).length);
    }

    @Test
    void wordWithoutTokensIsRejected() {
        IllegalArgumentException blank = assertThrows(IllegalArgumentException.class,
                () -> tokenizer.positionsOf("a photo", "  "));
        assertTrue(blank.getMessage().contains("no tokens"), blank.getMessage());
        assertThrows(IllegalArgumentException.class, () -> tokenizer.positionsOf("a photo", null));
        assertThrows(IllegalArgumentException.class, () -> tokenizer.positionsOf(null, "photo"));
    }
}

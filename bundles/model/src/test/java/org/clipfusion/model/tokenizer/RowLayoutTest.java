package org.clipfusion.model.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The fixed-length rows: start/end markers, padding per convention, truncation, batches. */
class RowLayoutTest {
    private static final long SOT = ClipTokenizer.START_OF_TEXT_ID;
    private static final long EOT = ClipTokenizer.END_OF_TEXT_ID;
    /** "a photo of a cat" */
    private static final long[] CAT_IDS = {320, 1125, 539, 320, 2368};

    private final ClipTokenizer tokenizer = TestTokenizer.INSTANCE;

    @ParameterizedTest
    @EnumSource(PaddingConvention.class)
    void textBetweenMarkersThenPadding(PaddingConvention convention) {
        long[] row = tokenizer.tokenize("a photo of a cat", convention);
        assertEquals(ClipTokenizer.CONTEXT_LENGTH, row.length);
        long[] expected = new long[ClipTokenizer.CONTEXT_LENGTH];
        Arrays.fill(expected, convention.padId());
        expected[0] = SOT;
        System.arraycopy(CAT_IDS, 0, expected, 1, CAT_IDS.length);
        expected[1 + CAT_IDS.length] = EOT;
        assertArrayEquals(expected, row);
    }

    @Test
    void padIdsOfTheConventions() {
        assertEquals(0, PaddingConvention.OPEN_CLIP.padId());
        assertEquals(49407, PaddingConvention.STABLE_DIFFUSION_1.padId());
        assertEquals(0, PaddingConvention.STABLE_DIFFUSION_2.padId());
        // SD 2.x's tokenizer pads with the token "!", which must be id 0 for that to equal 0-padding.
        assertEquals("!", tokenizer.token(PaddingConvention.STABLE_DIFFUSION_2.padId()));
    }

    @Test
    void emptyTextIsJustTheMarkers() {
        long[] row = tokenizer.tokenize("", PaddingConvention.STABLE_DIFFUSION_1);
        long[] expected = new long[ClipTokenizer.CONTEXT_LENGTH];
        Arrays.fill(expected, EOT);
        expected[0] = SOT;
        assertArrayEquals(expected, row);
    }

    @Test
    void seventyFiveIdsFitWithoutTruncation() {
        // Every digit is a pre-token of its own and "7</w>" a single id, so n digits give n ids.
        long seven = tokenizer.encode("7").get(0);
        long[] row = tokenizer.tokenize("7".repeat(75), PaddingConvention.OPEN_CLIP);
        assertEquals(SOT, row[0]);
        for (int i = 1; i <= 75; i++) {
            assertEquals(seven, row[i], "position " + i);
        }
        assertEquals(EOT, row[76]);
    }

    @Test
    void longerTextKeepsTheFirstSeventyFiveIdsAndEndsWithEndOfText() {
        long seven = tokenizer.encode("7").get(0);
        long eight = tokenizer.encode("8").get(0);
        long[] row = tokenizer.tokenize("7".repeat(75) + "8", PaddingConvention.STABLE_DIFFUSION_1);
        assertEquals(SOT, row[0]);
        for (int i = 1; i <= 75; i++) {
            assertEquals(seven, row[i], "position " + i);
        }
        assertEquals(EOT, row[76]);
        assertEquals(-1, indexOf(row, eight), "the 76th id must be cut off");
    }

    @Test
    void truncationMatchesOpenClipOnAProse() {
        // open_clip: tokens = [sot] + ids + [eot]; tokens = tokens[:77]; tokens[-1] = eot
        String text = "a photo of a scratched metal surface with ".repeat(10);
        List<Integer> ids = tokenizer.encode(text);
        assertEquals(80, ids.size());
        long[] cycle = {320, 1125, 539, 320, 48831, 4044, 7744, 593};
        long[] expected = new long[ClipTokenizer.CONTEXT_LENGTH];
        expected[0] = SOT;
        for (int i = 0; i < 75; i++) {
            expected[1 + i] = cycle[i % cycle.length];
        }
        expected[76] = EOT;
        assertArrayEquals(expected, tokenizer.tokenize(text, PaddingConvention.OPEN_CLIP));
    }

    @Test
    void otherContextLengths() {
        assertArrayEquals(new long[] {SOT, 320, 1125, EOT},
                tokenizer.tokenize("a photo of a cat", PaddingConvention.OPEN_CLIP, 4));
        assertArrayEquals(new long[] {SOT, EOT}, tokenizer.tokenize("a photo of a cat", PaddingConvention.OPEN_CLIP, 2));
        assertArrayEquals(new long[] {SOT, 320, EOT, 0, 0},
                tokenizer.tokenize("a", PaddingConvention.OPEN_CLIP, 5));
    }

    @Test
    void batchRowsFollowTheInputOrder() {
        List<String> texts = List.of("a photo of a cat", "", "a dog");
        long[][] rows = tokenizer.tokenize(texts, PaddingConvention.STABLE_DIFFUSION_2);
        assertEquals(3, rows.length);
        for (int i = 0; i < texts.size(); i++) {
            assertArrayEquals(tokenizer.tokenize(texts.get(i), PaddingConvention.STABLE_DIFFUSION_2), rows[i]);
        }
        assertEquals(0, tokenizer.tokenize(List.of(), PaddingConvention.OPEN_CLIP).length);
    }

    private static int indexOf(long[] row, long id) {
        for (int i = 0; i < row.length; i++) {
            if (row[i] == id) {
                return i;
            }
        }
        return -1;
    }
}

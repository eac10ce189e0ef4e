package org.clipfusion.model.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.clipfusion.tensor.NpyArray;
import org.clipfusion.testing.SharedFixtures;
import org.junit.jupiter.api.Test;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The token rows stored with the model parity fixtures: open_clip's own {@code tokenize} output (padded with
 * 0) and the SD 1.x text-encoder input (padded with 49407). The model ports are checked against outputs
 * computed from exactly these rows, so the tokenizer must reproduce them.
 */
class ParityFixtureTest {
    private final ClipTokenizer tokenizer = TestTokenizer.INSTANCE;

    @Test
    void openClipTextTokens() throws IOException {
        assertRowsMatch("open_clip/inputs/prompts.json", "open_clip/inputs/text_tokens.npy",
                PaddingConvention.OPEN_CLIP);
    }

    @Test
    void stableDiffusion1InputIds() throws IOException {
        assertRowsMatch("text_encoder/inputs/prompts.json", "text_encoder/inputs/input_ids.npy",
                PaddingConvention.STABLE_DIFFUSION_1);
    }

    private void assertRowsMatch(String promptsFile, String idsFile, PaddingConvention convention)
            throws IOException {
        List<String> prompts = new ArrayList<>();
        JsonNode json = new ObjectMapper().readTree(SharedFixtures.parityDirectory().resolve(promptsFile).toFile());
        json.forEach(prompt -> prompts.add(prompt.asText()));

        Path npy = SharedFixtures.parityDirectory().resolve(idsFile);
        NpyArray expected = NpyArray.read(npy);
        assertArrayEquals(new long[] {prompts.size(), ClipTokenizer.CONTEXT_LENGTH}, expected.shape(),
                "shape of " + npy);
        long[] expectedIds = expected.toLongArray();

        long[][] rows = tokenizer.tokenize(prompts, convention);
        assertEquals(prompts.size(), rows.length);
        int width = ClipTokenizer.CONTEXT_LENGTH;
        for (int i = 0; i < rows.length; i++) {
            long[] expectedRow = Arrays.copyOfRange(expectedIds, i * width, (i + 1) * width);
            assertArrayEquals(expectedRow, rows[i], "row " + i + " ('" + prompts.get(i) + "') of " + npy);
        }
    }
}

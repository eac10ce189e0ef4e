package org.clipfusion.model.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.clipfusion.testing.SharedFixtures;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Every case of {@code shared/fixtures/tokenizer/clip_tokenizer_golden.json}, made by OpenAI's
 * {@code simple_tokenizer.py}: BPE ids, token strings and each context row the file holds.
 */
class GoldenFileTest {
    /** Context-row keys of the golden file and the convention each was made with. */
    private static final Map<String, PaddingConvention> ROW_CONVENTIONS = Map.of(
            "context77_openai_openclip", PaddingConvention.OPEN_CLIP,
            "context77_sd1", PaddingConvention.STABLE_DIFFUSION_1,
            "context77_sd2", PaddingConvention.STABLE_DIFFUSION_2);

    private final ClipTokenizer tokenizer = TestTokenizer.INSTANCE;

    private static JsonNode golden() throws IOException {
        return new ObjectMapper().readTree(SharedFixtures.shared("fixtures/tokenizer/clip_tokenizer_golden.json").toFile());
    }

    @Test
    void vocabularyConstantsMatchTheGoldenFile() throws IOException {
        JsonNode golden = golden();
        assertEquals(golden.get("vocab_size").asInt(), ClipTokenizer.VOCABULARY_SIZE);
        assertEquals(golden.get("sot_id").asInt(), ClipTokenizer.START_OF_TEXT_ID);
        assertEquals(golden.get("eot_id").asInt(), ClipTokenizer.END_OF_TEXT_ID);
    }

    @TestFactory
    List<DynamicTest> everyGoldenCase() throws IOException {
        JsonNode cases = golden().get("cases");
        assertTrue(cases.size() > 0, "the golden file has no cases");
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode goldenCase : cases) {
            String text = goldenCase.get("text").asText();
            tests.add(DynamicTest.dynamicTest("'" + text + "'", () -> check(goldenCase, text)));
        }
        return tests;
    }

    private void check(JsonNode goldenCase, String text) {
        List<Integer> expectedIds = ints(goldenCase.get("bpe_ids"));
        assertEquals(expectedIds, tokenizer.encode(text), "bpe_ids");

        JsonNode tokens = goldenCase.get("bpe_tokens");
        if (tokens != null) {
            List<String> expectedTokens = new ArrayList<>();
            tokens.forEach(token -> expectedTokens.add(token.asText()));
            List<String> actualTokens = new ArrayList<>();
            expectedIds.forEach(id -> actualTokens.add(tokenizer.token(id)));
            assertEquals(expectedTokens, actualTokens, "bpe_tokens");
        }

        boolean sawRow = false;
        for (Iterator<String> names = goldenCase.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.startsWith("context")) {
                continue;
            }
            PaddingConvention convention = ROW_CONVENTIONS.get(name);
            assertFalse(convention == null, "unknown context-row key in the golden file: " + name);
            long[] expectedRow = ints(goldenCase.get(name)).stream().mapToLong(Integer::longValue).toArray();
            assertArrayEquals(expectedRow, tokenizer.tokenize(text, convention), name);
            sawRow = true;
        }
        assertTrue(sawRow, "golden case has no context row");
    }

    private static List<Integer> ints(JsonNode array) {
        List<Integer> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asInt()));
        return values;
    }
}

package org.clipfusion.model.tokenizer;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad arguments fail at once with an {@link IllegalArgumentException} that names the argument. */
class ArgumentValidationTest {
    private final ClipTokenizer tokenizer = TestTokenizer.INSTANCE;

    @Test
    void nullText() {
        assertRejected(() -> tokenizer.encode(null), "text must not be null");
        assertRejected(() -> tokenizer.tokenize((String) null, PaddingConvention.OPEN_CLIP), "text must not be null");
    }

    @Test
    void nullConvention() {
        assertRejected(() -> tokenizer.tokenize("a cat", null), "convention must not be null");
    }

    @Test
    void nullTextsOrNullElement() {
        assertRejected(() -> tokenizer.tokenize((List<String>) null, PaddingConvention.OPEN_CLIP),
                "texts must not be null");
        assertRejected(() -> tokenizer.tokenize(Arrays.asList("a cat", null), PaddingConvention.OPEN_CLIP),
                "texts[1] must not be null");
    }

    @Test
    void contextTooShortForTheMarkers() {
        assertRejected(() -> tokenizer.tokenize("a cat", PaddingConvention.OPEN_CLIP, 1), "at least 2");
    }

    @Test
    void idsOutsideTheVocabulary() {
        assertRejected(() -> tokenizer.token(ClipTokenizer.VOCABULARY_SIZE), "outside the vocabulary");
        assertRejected(() -> tokenizer.token(-1), "outside the vocabulary");
        assertRejected(() -> tokenizer.decode(List.of(320, 49408)), "outside the vocabulary");
        assertRejected(() -> tokenizer.decode(Arrays.asList(320, null)), "must not be null");
        assertRejected(() -> tokenizer.decode(null), "ids must not be null");
    }

    private static void assertRejected(Executable call, String messagePart) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(messagePart), "message '" + e.getMessage() + "' lacks '" + messagePart + "'");
    }
}

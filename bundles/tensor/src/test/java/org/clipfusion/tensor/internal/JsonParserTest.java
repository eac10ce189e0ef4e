package org.clipfusion.tensor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonParserTest {

    @Test
    void parsesNestedValuesInOrder() throws JsonParseException {
        Object parsed = JsonParser.parse(" {\"b\": [1, -2, 3.5, 1e2, true, false, null, {}], \"a\": {\"x\": []}} ");
        Map<?, ?> object = (Map<?, ?>) parsed;
        assertEquals(List.of("b", "a"), List.copyOf(object.keySet()));
        assertEquals(Arrays.asList(1L, -2L, 3.5, 100.0, true, false, null, Map.of()), object.get("b"));
        assertEquals(Map.of("x", List.of()), object.get("a"));
    }

    @Test
    void integersBeyondLongBecomeBigIntegers() throws JsonParseException {
        assertEquals(Long.MAX_VALUE, JsonParser.parse("9223372036854775807"));
        assertEquals(Long.MIN_VALUE, JsonParser.parse("-9223372036854775808"));
        assertEquals(new BigInteger("18446744073709551616"), JsonParser.parse("18446744073709551616"));
        assertEquals(-0.0, JsonParser.parse("-0.0"));
    }

    @Test
    void decodesEveryEscape() throws JsonParseException {
        assertEquals("\" \\ / \b \f \n \r \t é \uD83D\uDE00",
                JsonParser.parse("\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\ud83d\\uDE00\""));
        assertEquals("raw ✓ 😀", JsonParser.parse("\"raw ✓ 😀\""));
        assertNull(JsonParser.parse("null"));
    }

    @Test
    void rejectsMalformedText() {
        assertError("{\"a\":1,}", "unexpected '}', expected a string key at character 7");
        assertError("[1 2]", "unexpected '2', expected ',' or ']' at character 3");
        assertError("{\"a\":1,\"a\":2}", "duplicate key \"a\" at character 7");
        assertError("\"open", "unterminated string at character 0");
        assertError("\"tab\there\"", "unescaped control character U+0009 in string at character 4");
        assertError("\"\\x\"", "invalid escape '\\x' at character 2");
        assertError("\"\\u12g4\"", "invalid hex digit 'g' in \\u escape at character 5");
        assertError("01", "unexpected '1' after the JSON value at character 1");
        assertError("1.", "expected a digit at character 2");
        assertError("-", "expected a digit at character 1");
        assertError("tru", "unexpected 't', expected a value at character 0");
        assertError("", "unexpected end of text, expected a value at character 0");
        assertError("{} {}", "unexpected '{' after the JSON value at character 3");
        assertError("[".repeat(65) + "]".repeat(65), "nesting deeper than 64 levels at character 64");
    }

    private static void assertError(String text, String expectedMessage) {
        JsonParseException error = assertThrows(JsonParseException.class, () -> JsonParser.parse(text));
        assertEquals(expectedMessage, error.getMessage(), text);
        assertTrue(error.position() >= 0);
    }
}

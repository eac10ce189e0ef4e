package org.clipfusion.tensor.internal;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small strict JSON (RFC 8259) parser, enough for safetensors headers without a third-party library.
 *
 * <p>Values become {@code Map<String, Object>} (insertion-ordered, unmodifiable), {@code List<Object>}
 * (unmodifiable), {@code String}, {@code Boolean}, {@code null}, and numbers as {@code Long} when integral and
 * in range, {@code BigInteger} when integral and larger, else {@code Double}. Duplicate object keys are
 * rejected rather than silently resolved, since two entries for one tensor would be ambiguous.
 */
public final class JsonParser {
    /** Deep enough for any header; stops hostile input from overflowing the stack. */
    private static final int MAX_NESTING = 64;

    private final String text;
    private int position;
    private int depth;

    private JsonParser(String text) {
        this.text = text;
    }

    /** Parses {@code text}, which must hold exactly one JSON value, optionally surrounded by whitespace. */
    public static Object parse(String text) throws JsonParseException {
        JsonParser parser = new JsonParser(text);
        parser.skipWhitespace();
        Object value = parser.readValue();
        parser.skipWhitespace();
        if (parser.position < text.length()) {
            throw parser.error("unexpected " + parser.describeCurrent() + " after the JSON value");
        }
        return value;
    }

    private Object readValue() throws JsonParseException {
        if (position >= text.length()) {
            throw error("unexpected end of text, expected a value");
        }
        char c = text.charAt(position);
        return switch (c) {
            case '{' -> readObject();
            case '[' -> readArray();
            case '"' -> readString();
            case 't' -> readLiteral("true", Boolean.TRUE);
            case 'f' -> readLiteral("false", Boolean.FALSE);
            case 'n' -> readLiteral("null", null);
            default -> {
                if (c == '-' || isDigit(c)) {
                    yield readNumber();
                }
                throw error("unexpected " + describeCurrent() + ", expected a value");
            }
        };
    }

    private Map<String, Object> readObject() throws JsonParseException {
        enterNesting();
        position++; // '{'
        Map<String, Object> members = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            position++;
            depth--;
            return Collections.unmodifiableMap(members);
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("unexpected " + describeCurrent() + ", expected a string key");
            }
            int keyPosition = position;
            String key = readString();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            Object value = readValue();
            if (members.containsKey(key)) {
                throw new JsonParseException("duplicate key \"" + key + "\"", keyPosition);
            }
            members.put(key, value);
            skipWhitespace();
            if (peek() == ',') {
                position++;
            } else if (peek() == '}') {
                position++;
                depth--;
                return Collections.unmodifiableMap(members);
            } else {
                throw error("unexpected " + describeCurrent() + ", expected ',' or '}'");
            }
        }
    }

    private List<Object> readArray() throws JsonParseException {
        enterNesting();
        position++; // '['
        List<Object> elements = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            position++;
            depth--;
            return Collections.unmodifiableList(elements);
        }
        while (true) {
            skipWhitespace();
            elements.add(readValue());
            skipWhitespace();
            if (peek() == ',') {
                position++;
            } else if (peek() == ']') {
                position++;
                depth--;
                return Collections.unmodifiableList(elements);
            } else {
                throw error("unexpected " + describeCurrent() + ", expected ',' or ']'");
            }
        }
    }

    private String readString() throws JsonParseException {
        int start = position;
        position++; // opening quote
        StringBuilder value = new StringBuilder();
        while (true) {
            if (position >= text.length()) {
                throw new JsonParseException("unterminated string", start);
            }
            char c = text.charAt(position++);
            if (c == '"') {
                return value.toString();
            }
            if (c == '\\') {
                value.append(readEscape());
            } else if (c < 0x20) {
                throw new JsonParseException(
                        "unescaped control character U+" + String.format("%04X", (int) c) + " in string",
                        position - 1);
            } else {
                value.append(c);
            }
        }
    }

    private char readEscape() throws JsonParseException {
        if (position >= text.length()) {
            throw error("unterminated escape sequence");
        }
        char c = text.charAt(position++);
        return switch (c) {
            case '"' -> '"';
            case '\\' -> '\\';
            case '/' -> '/';
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'u' -> readUnicodeEscape();
            default -> {
                position--;
                throw error("invalid escape '\\" + c + "'");
            }
        };
    }

    // Surrogate pairs arrive as two consecutive \\u escapes; appending both halves rebuilds the code point.
    private char readUnicodeEscape() throws JsonParseException {
        if (position + 4 > text.length()) {
            throw error("truncated \\u escape");
        }
        int code = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(text.charAt(position), 16);
            if (digit < 0) {
                throw error("invalid hex digit " + describeCurrent() + " in \\u escape");
            }
            code = code * 16 + digit;
            position++;
        }
        return (char) code;
    }

    private Object readNumber() throws JsonParseException {
        int start = position;
        boolean integral = true;
        if (peek() == '-') {
            position++;
        }
        if (peek() == '0') {
            position++;
        } else if (isDigit(peek())) {
            skipDigits();
        } else {
            throw error("expected a digit");
        }
        if (peek() == '.') {
            integral = false;
            position++;
            requireDigit();
            skipDigits();
        }
        if (peek() == 'e' || peek() == 'E') {
            integral = false;
            position++;
            if (peek() == '+' || peek() == '-') {
                position++;
            }
            requireDigit();
            skipDigits();
        }
        String literal = text.substring(start, position);
        if (!integral) {
            return Double.parseDouble(literal); // correctly rounded, and keeps -0.0
        }
        BigInteger value = new BigInteger(literal);
        return value.bitLength() < Long.SIZE ? (Object) value.longValue() : value;
    }

    private Object readLiteral(String literal, Object value) throws JsonParseException {
        if (!text.startsWith(literal, position)) {
            throw error("unexpected " + describeCurrent() + ", expected a value");
        }
        position += literal.length();
        return value;
    }

    private void enterNesting() throws JsonParseException {
        if (++depth > MAX_NESTING) {
            throw error("nesting deeper than " + MAX_NESTING + " levels");
        }
    }

    private void expect(char wanted) throws JsonParseException {
        if (peek() != wanted) {
            throw error("unexpected " + describeCurrent() + ", expected '" + wanted + "'");
        }
        position++;
    }

    private void requireDigit() throws JsonParseException {
        if (!isDigit(peek())) {
            throw error("expected a digit");
        }
    }

    private void skipDigits() {
        while (isDigit(peek())) {
            position++;
        }
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private void skipWhitespace() {
        while (position < text.length()) {
            char c = text.charAt(position);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            position++;
        }
    }

    /** The current character, or -1 at the end of the text. */
    private int peek() {
        return position < text.length() ? text.charAt(position) : -1;
    }

    private String describeCurrent() {
        if (position >= text.length()) {
            return "end of text";
        }
        char c = text.charAt(position);
        return c >= 0x20 && c < 0x7F ? "'" + c + "'" : "character U+" + String.format("%04X", (int) c);
    }

    private JsonParseException error(String problem) {
        return new JsonParseException(problem, position);
    }
}

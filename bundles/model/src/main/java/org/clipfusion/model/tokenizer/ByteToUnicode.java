package org.clipfusion.model.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * GPT-2/CLIP's reversible map from the 256 byte values to 256 printable characters. BPE runs on these
 * characters instead of raw bytes so that every UTF-8 byte sequence is representable, while the merges file
 * stays plain text with no whitespace or control characters inside a symbol.
 */
final class ByteToUnicode {
    /** The first character used for the bytes that are not printable on their own. */
    private static final int FIRST_SHIFTED_CHAR = 256;

    private static final char[] CHAR_OF_BYTE = new char[256];
    private static final int[] BYTE_OF_CHAR;

    static {
        // Printable bytes stand for themselves (so "a" is "a" in the merges file); the others (controls,
        // space, DEL, NBSP, soft hyphen...) get the characters 256, 257, ... in byte order.
        int nextShifted = FIRST_SHIFTED_CHAR;
        for (int b = 0; b < 256; b++) {
            CHAR_OF_BYTE[b] = (char) (isPrintable(b) ? b : nextShifted++);
        }
        BYTE_OF_CHAR = new int[nextShifted];
        Arrays.fill(BYTE_OF_CHAR, -1);
        for (int b = 0; b < 256; b++) {
            BYTE_OF_CHAR[CHAR_OF_BYTE[b]] = b;
        }
    }

    private ByteToUnicode() {}

    private static boolean isPrintable(int b) {
        return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
    }

    /**
     * The 256 byte symbols in vocabulary order (ids 0..255): printable bytes first, then the shifted ones,
     * each group in byte order.
     */
    static char[] symbolsInVocabularyOrder() {
        char[] symbols = new char[256];
        int next = 0;
        for (int b = 0; b < 256; b++) {
            if (isPrintable(b)) {
                symbols[next++] = CHAR_OF_BYTE[b];
            }
        }
        for (int b = 0; b < 256; b++) {
            if (!isPrintable(b)) {
                symbols[next++] = CHAR_OF_BYTE[b];
            }
        }
        return symbols;
    }

    /** The UTF-8 bytes of {@code text}, one symbol character per byte. */
    static String encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        char[] symbols = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            symbols[i] = CHAR_OF_BYTE[bytes[i] & 0xFF];
        }
        return new String(symbols);
    }

    /**
     * The bytes that {@code symbols} stand for, decoded as UTF-8 (malformed sequences become U+FFFD).
     *
     * @throws IllegalArgumentException if a character is not a byte symbol
     */
    static String decode(CharSequence symbols) {
        byte[] bytes = new byte[symbols.length()];
        for (int i = 0; i < bytes.length; i++) {
            char c = symbols.charAt(i);
            int b = c < BYTE_OF_CHAR.length ? BYTE_OF_CHAR[c] : -1;
            if (b < 0) {
                throw new IllegalArgumentException("not a byte symbol: U+" + Integer.toHexString(c).toUpperCase());
            }
            bytes[i] = (byte) b;
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}

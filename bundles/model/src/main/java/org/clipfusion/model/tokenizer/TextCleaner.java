package org.clipfusion.model.tokenizer;

import java.util.Locale;

/**
 * open_clip's text normalisation before tokenisation: {@code ftfy.fix_text}, {@code html.unescape} twice,
 * whitespace runs collapsed to one space, ends stripped, lower case.
 *
 * <p>{@code ftfy.fix_text} (mojibake repair, NFC normalisation, curly quotes...) has no Java counterpart and
 * is treated as the identity, which is exact for well-formed, NFC text such as the prompts this project
 * generates; callers with decomposed (NFD) input should normalise it to NFC first.
 */
final class TextCleaner {
    private TextCleaner() {}

    /** The cleaned, lower-case form of {@code text}. */
    static String clean(String text) {
        String unescaped = HtmlUnescaper.unescape(HtmlUnescaper.unescape(text));
        // Python's str.lower() and Java's toLowerCase(Locale.ROOT) both apply the full Unicode mappings
        // (final sigma, dotted capital I); ROOT keeps a Turkish default locale from changing "I".
        return collapseWhitespace(unescaped).toLowerCase(Locale.ROOT);
    }

    /** Every run of whitespace replaced by one space, leading and trailing whitespace removed. */
    static String collapseWhitespace(String text) {
        StringBuilder result = new StringBuilder(text.length());
        boolean pendingSpace = false;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            i += Character.charCount(codePoint);
            if (isPythonWhitespace(codePoint)) {
                pendingSpace = result.length() > 0;
            } else {
                if (pendingSpace) {
                    result.append(' ');
                    pendingSpace = false;
                }
                result.appendCodePoint(codePoint);
            }
        }
        return result.toString();
    }

    /**
     * Python's {@code str.isspace()}, which open_clip's {@code \s+} and {@code strip()} use. Java's
     * {@link Character#isWhitespace} differs (it excludes no-break spaces and U+0085), hence the explicit list.
     */
    static boolean isPythonWhitespace(int codePoint) {
        return (codePoint >= 0x09 && codePoint <= 0x0D)
                || (codePoint >= 0x1C && codePoint <= 0x20)
                || codePoint == 0x85
                || codePoint == 0xA0
                || codePoint == 0x1680
                || (codePoint >= 0x2000 && codePoint <= 0x200A)
                || codePoint == 0x2028
                || codePoint == 0x2029
                || codePoint == 0x202F
                || codePoint == 0x205F
                || codePoint == 0x3000;
    }
}

package org.clipfusion.model.tokenizer;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces HTML character references by the characters they stand for, following the rules of Python's
 * {@code html.unescape} (which open_clip applies twice to every text) so that ids match open_clip:
 * <ul>
 * <li>Numeric references {@code &#DDD;} and {@code &#xHHH;}, the semicolon optional. As HTML5 prescribes,
 * 0 and surrogates and values beyond U+10FFFF become U+FFFD, 0x80..0x9F are read as Windows-1252, and
 * other non-characters and control code points are dropped.</li>
 * <li>Named references from {@link HtmlEntityTable} (HTML 4.01 set plus {@code &apos;}). A name without its
 * semicolon is matched by its longest legacy prefix ({@code "&ampx"} gives {@code "&x"}). Unknown names
 * are left unchanged; this is the one deliberate difference from Python, which knows all HTML5 names.</li>
 * </ul>
 */
final class HtmlUnescaper {
    private static final Pattern CHARACTER_REFERENCE =
            Pattern.compile("&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\\t\\n\\f <&#;]{1,32};?)");
    private static final int REPLACEMENT_CHARACTER = 0xFFFD;

    /** HTML5's Windows-1252 reading of the references 0x80..0x9F (0x81, 0x8D, 0x8F, 0x90, 0x9D stay as they are). */
    private static final char[] WINDOWS_1252_0X80_TO_0X9F = {
        '\u20AC', '\u0081', '\u201A', '\u0192', '\u201E', '\u2026', '\u2020', '\u2021',
        '\u02C6', '\u2030', '\u0160', '\u2039', '\u0152', '\u008D', '\u017D', '\u008F',
        '\u0090', '\u2018', '\u2019', '\u201C', '\u201D', '\u2022', '\u2013', '\u2014',
        '\u02DC', '\u2122', '\u0161', '\u203A', '\u0153', '\u009D', '\u017E', '\u0178',
    };

    private HtmlUnescaper() {}

    /** {@code text} with every character reference replaced; one pass, like {@code html.unescape}. */
    static String unescape(String text) {
        if (text.indexOf('&') < 0) {
            return text;
        }
        Matcher matcher = CHARACTER_REFERENCE.matcher(text);
        StringBuilder result = new StringBuilder(text.length());
        while (matcher.find()) {
            matcher.appendReplacement(result, Matcher.quoteReplacement(replacement(matcher.group(1))));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    /** The text for one reference, given without its leading {@code &}. */
    private static String replacement(String reference) {
        if (reference.charAt(0) == '#') {
            return numericReplacement(reference);
        }
        String known = HtmlEntityTable.lookup(reference);
        if (known != null) {
            return known;
        }
        // Longest legacy name that is a proper prefix, the rest kept: "&notit;" reads as "&not" + "it;".
        for (int length = reference.length() - 1; length > 1; length--) {
            String legacy = HtmlEntityTable.lookup(reference.substring(0, length));
            if (legacy != null) {
                return legacy + reference.substring(length);
            }
        }
        return "&" + reference;
    }

    private static String numericReplacement(String reference) {
        boolean hex = reference.length() > 1 && (reference.charAt(1) == 'x' || reference.charAt(1) == 'X');
        String digits = reference.substring(hex ? 2 : 1);
        if (digits.endsWith(";")) {
            digits = digits.substring(0, digits.length() - 1);
        }
        int codePoint = parseCodePoint(digits, hex ? 16 : 10);
        if (codePoint == 0) {
            return String.valueOf((char) REPLACEMENT_CHARACTER);
        }
        if (codePoint == '\r') {
            return "\r";
        }
        if (codePoint >= 0x80 && codePoint <= 0x9F) {
            return String.valueOf(WINDOWS_1252_0X80_TO_0X9F[codePoint - 0x80]);
        }
        if (codePoint < 0 || (codePoint >= 0xD800 && codePoint <= 0xDFFF)) {
            return String.valueOf((char) REPLACEMENT_CHARACTER);
        }
        if (isDroppedCodePoint(codePoint)) {
            return "";
        }
        return new String(Character.toChars(codePoint));
    }

    /** The value of {@code digits}, or -1 when it exceeds U+10FFFF (any number of digits is allowed). */
    private static int parseCodePoint(String digits, int radix) {
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            value = value * radix + Character.digit(digits.charAt(i), radix);
            if (value > Character.MAX_CODE_POINT) {
                return -1;
            }
        }
        return (int) value;
    }

    /** Control characters and non-characters that {@code html.unescape} removes. */
    private static boolean isDroppedCodePoint(int codePoint) {
        return (codePoint >= 0x01 && codePoint <= 0x08)
                || codePoint == 0x0B
                || (codePoint >= 0x0E && codePoint <= 0x1F)
                || (codePoint >= 0x7F && codePoint <= 0x9F)
                || (codePoint >= 0xFDD0 && codePoint <= 0xFDEF)
                || (codePoint & 0xFFFE) == 0xFFFE;
    }
}

package org.clipfusion.tensor.internal;

/** Writes JSON string literals, escaping only what JSON requires (non-ASCII stays as UTF-8 text). */
public final class JsonStrings {
    private JsonStrings() {
    }

    /** Appends {@code value} to {@code out} as a quoted JSON string. */
    public static StringBuilder appendQuoted(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }
}

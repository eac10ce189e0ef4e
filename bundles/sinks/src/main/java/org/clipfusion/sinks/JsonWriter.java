package org.clipfusion.sinks;

import java.util.List;

/**
 * A minimal streaming JSON writer for the result record: strings escaped per RFC 8259 (control characters, including
 * NUL, as {@code \\uXXXX}), non-finite numbers as {@code null} since JSON has no NaN. Commas are inserted by tracking
 * whether the current object or array already has a member.
 */
final class JsonWriter {
    private final StringBuilder out = new StringBuilder(512);
    private boolean needsComma;

    JsonWriter beginObject() {
        separate();
        out.append('{');
        needsComma = false;
        return this;
    }

    JsonWriter endObject() {
        out.append('}');
        needsComma = true;
        return this;
    }

    /** Starts a member; follow with a value, an object or an array. */
    JsonWriter name(String name) {
        separate();
        string(name);
        out.append(':');
        needsComma = false;
        return this;
    }

    JsonWriter value(String text) {
        separate();
        if (text == null) {
            out.append("null");
        } else {
            string(text);
        }
        needsComma = true;
        return this;
    }

    JsonWriter value(double number) {
        separate();
        out.append(Double.isFinite(number) ? Double.toString(number) : "null");
        needsComma = true;
        return this;
    }

    JsonWriter value(long number) {
        separate();
        out.append(number);
        needsComma = true;
        return this;
    }

    JsonWriter member(String name, String text) {
        return name(name).value(text);
    }

    JsonWriter member(String name, double number) {
        return name(name).value(number);
    }

    JsonWriter member(String name, long number) {
        return name(name).value(number);
    }

    JsonWriter member(String name, List<String> texts) {
        name(name);
        out.append('[');
        needsComma = false;
        texts.forEach(this::value);
        out.append(']');
        needsComma = true;
        return this;
    }

    JsonWriter beginArray(String name) {
        name(name);
        out.append('[');
        needsComma = false;
        return this;
    }

    JsonWriter endArray() {
        out.append(']');
        needsComma = true;
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private void separate() {
        if (needsComma) {
            out.append(',');
            needsComma = false;
        }
    }

    private void string(String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}

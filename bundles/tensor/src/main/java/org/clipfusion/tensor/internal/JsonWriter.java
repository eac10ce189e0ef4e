package org.clipfusion.tensor.internal;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Writes what {@link JsonParser} reads (maps, lists, strings, numbers, booleans, null) back as indented JSON. */
public final class JsonWriter {
    private JsonWriter() {
    }

    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        append(out, value, "");
        return out.append('\n').toString();
    }

    private static void append(StringBuilder out, Object value, String indent) {
        if (value instanceof Map<?, ?> map) {
            appendAll(out, map.entrySet().iterator(), '{', '}', indent, (entry, inner) -> {
                JsonStrings.appendQuoted(out, String.valueOf(entry.getKey())).append(": ");
                append(out, entry.getValue(), inner);
            });
        } else if (value instanceof List<?> list) {
            appendAll(out, list.iterator(), '[', ']', indent, (item, inner) -> append(out, item, inner));
        } else if (value instanceof String text) {
            JsonStrings.appendQuoted(out, text);
        } else {
            out.append(value);
        }
    }

    private interface ItemWriter<T> {
        void write(T item, String indent);
    }

    private static <T> void appendAll(StringBuilder out, Iterator<T> items, char open, char close, String indent,
            ItemWriter<T> writer) {
        out.append(open);
        String inner = indent + "  ";
        boolean first = true;
        while (items.hasNext()) {
            out.append(first ? "\n" : ",\n").append(inner);
            writer.write(items.next(), inner);
            first = false;
        }
        out.append(first ? "" : "\n" + indent).append(close);
    }
}

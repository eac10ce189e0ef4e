package org.clipfusion.api.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The items of a list-valued configuration property (prompts, layers, scorer ids), however a plant wrote it. One rule
 * for every component, because Karaf hands the same text over in three shapes:
 * <ul>
 * <li>a real array (ConfigurationAdmin, a {@code .config} file, or a {@code .cfg} file in which <em>every</em> value is
 * typed): each element is one item;</li>
 * <li>one string in array syntax, {@code [ "a photo of a {}, close up", "a {} with a crack" ]}: what a {@code .cfg}
 * file delivers when such a list sits beside plain values like {@code modelDirectory = /opt/models/x}, which is how
 * plants write them; each quoted string is one item, and may contain commas;</li>
 * <li>one plain string, {@code up_blocks.1, up_blocks.2}: split at commas.</li>
 * </ul>
 * Items are trimmed and blank ones dropped.
 */
public final class ConfigLists {
    private ConfigLists() {
    }

    /**
     * @param property the property's name, for the error message
     * @param configured the value as Declarative Services delivers it (a single string arrives as one element)
     * @throws IllegalArgumentException naming the property when the array syntax is malformed
     */
    public static List<String> items(String property, String[] configured) {
        if (configured == null || configured.length == 0) {
            return List.of();
        }
        List<String> items = new ArrayList<>();
        if (configured.length > 1) {
            for (String value : configured) {
                addTrimmed(items, value);
            }
            return List.copyOf(items);
        }
        String only = configured[0] == null ? "" : configured[0].trim();
        if (only.startsWith("[")) {
            for (String item : new QuotedList(property, only).parse()) {
                addTrimmed(items, item);
            }
        } else {
            for (String part : only.split(",")) {
                addTrimmed(items, part);
            }
        }
        return List.copyOf(items);
    }

    /**
     * Numbers of a list property ({@code cropScales = 0.5, 0.25}); declare the property as {@code String[]}, since
     * Declarative Services cannot turn {@code "0.5, 0.25"} into a {@code double[]}.
     *
     * @throws IllegalArgumentException naming the property and the item that is not a finite number
     */
    public static double[] numbers(String property, String[] configured) {
        List<String> items = items(property, configured);
        double[] numbers = new double[items.size()];
        for (int i = 0; i < numbers.length; i++) {
            numbers[i] = finiteNumber(property, items.get(i));
        }
        return numbers;
    }

    private static double finiteNumber(String property, String item) {
        try {
            double value = Double.parseDouble(item);
            if (Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // not a number at all: the same message as for NaN and infinities
        }
        throw new IllegalArgumentException(property + ": '" + item + "' is not a finite number");
    }

    /**
     * Whole numbers of a list property ({@code windowSizes = 2, 3}); declare the property as {@code String[]}.
     *
     * @throws IllegalArgumentException naming the property and the item that is not a whole number
     */
    public static int[] integers(String property, String[] configured) {
        List<String> items = items(property, configured);
        int[] integers = new int[items.size()];
        for (int i = 0; i < integers.length; i++) {
            try {
                integers[i] = Integer.parseInt(items.get(i));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(property + ": '" + items.get(i) + "' is not a whole number");
            }
        }
        return integers;
    }

    private static void addTrimmed(List<String> items, String value) {
        if (value != null && !value.isBlank()) {
            items.add(value.trim());
        }
    }

    /** {@code [ "a", "b \"quoted\"", "c\\d" ]}: double-quoted strings, backslash escapes, commas between. */
    private static final class QuotedList {
        private final String property;
        private final String text;
        private int position = 1;

        QuotedList(String property, String text) {
            this.property = property;
            this.text = text;
        }

        List<String> parse() {
            List<String> items = new ArrayList<>();
            skipSpaces();
            if (peek() == ']') {
                position++;
                return finish(items);
            }
            while (true) {
                items.add(quoted());
                skipSpaces();
                char next = peek();
                position++;
                if (next == ']') {
                    return finish(items);
                }
                if (next != ',') {
                    throw problem("expected , or ] after item " + items.size());
                }
                skipSpaces();
            }
        }

        private List<String> finish(List<String> items) {
            skipSpaces();
            if (position < text.length()) {
                throw problem("unexpected text after ]");
            }
            return items;
        }

        private String quoted() {
            if (peek() != '"') {
                throw problem("expected a double-quoted item at character " + (position + 1));
            }
            position++;
            StringBuilder item = new StringBuilder();
            while (position < text.length()) {
                char c = text.charAt(position++);
                if (c == '"') {
                    return item.toString();
                }
                if (c == '\\' && position < text.length()) {
                    c = text.charAt(position++);
                }
                item.append(c);
            }
            throw problem("a quoted item is not closed");
        }

        private char peek() {
            if (position >= text.length()) {
                throw problem("the list is not closed with ]");
            }
            return text.charAt(position);
        }

        private void skipSpaces() {
            while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
                position++;
            }
        }

        private IllegalArgumentException problem(String what) {
            return new IllegalArgumentException(property + ": " + what + " in " + text
                    + " (write a list as [ \"first\", \"second\" ], or as first, second without quotes)");
        }
    }
}

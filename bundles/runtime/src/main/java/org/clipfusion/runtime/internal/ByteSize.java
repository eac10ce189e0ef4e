package org.clipfusion.runtime.internal;

import java.util.Locale;

/** Parses sizes as JavaCPP writes them ({@code 512m}, {@code 12g}, plain bytes). */
final class ByteSize {
    private ByteSize() {
    }

    static long parse(String text, String setting) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        char last = value.isEmpty() ? ' ' : value.charAt(value.length() - 1);
        switch (last) {
            case 't' -> unit = 1L << 40;
            case 'g' -> unit = 1L << 30;
            case 'm' -> unit = 1L << 20;
            case 'k' -> unit = 1L << 10;
            default -> unit = 1;
        }
        String digits = unit == 1 ? value : value.substring(0, value.length() - 1).trim();
        try {
            long amount = Long.parseLong(digits);
            if (amount <= 0) {
                throw new NumberFormatException();
            }
            return Math.multiplyExact(amount, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(setting + ": '" + text + "' is not a size such as 512m or 12g");
        }
    }
}

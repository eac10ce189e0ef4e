package org.clipfusion.datasets.internal.synthetic;

import java.util.Random;

/** Rounding rendered colours to bytes inside a range. */
final class Pixels {
    private Pixels() {
    }

    static byte quantize(double value, int low, int high) {
        long rounded = Math.round(value);
        return (byte) Math.max(low, Math.min(high, rounded));
    }

    static int unsigned(byte value) {
        return value & 0xFF;
    }

    /** A uniform value in [{@code low}, {@code high}). */
    static double uniform(Random random, double low, double high) {
        return low + (high - low) * random.nextDouble();
    }
}

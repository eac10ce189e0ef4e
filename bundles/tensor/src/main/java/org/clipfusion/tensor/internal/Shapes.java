package org.clipfusion.tensor.internal;

import java.util.Arrays;

/** Arithmetic and formatting of tensor shapes ({@code long[]} dimensions, outermost first). */
public final class Shapes {
    private Shapes() {
    }

    /**
     * The number of elements: the product of the dimensions, 1 for a scalar.
     *
     * @throws IllegalArgumentException when a dimension is negative
     * @throws ArithmeticException when the product overflows a {@code long}
     */
    public static long elementCount(long[] shape) {
        long count = 1;
        for (long dimension : shape) {
            if (dimension < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + format(shape));
            }
            count = Math.multiplyExact(count, dimension);
        }
        return count;
    }

    /** {@code [2, 3]}, or {@code []} for a scalar. */
    public static String format(long[] shape) {
        return Arrays.toString(shape);
    }
}

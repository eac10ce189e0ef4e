package org.clipfusion.engine.internal;

import java.util.Arrays;

/**
 * {@link EmpiricalQuantile}'s rule for the pixels of normal images' fused maps: the smallest observed value that
 * leaves at most {@code ⌊target·n⌋} of the n pixel values strictly above it. Kept on floats, because a calibration
 * set has k × grid² values (262 144 for 4 references on the 256 grid).
 */
final class PixelQuantile {
    private static final double EPSILON = 1e-9;

    private PixelQuantile() {
    }

    /** @param pixels the values (sorted in place) */
    static double threshold(float[] pixels, double targetFalsePositiveRate) {
        if (pixels.length == 0) {
            throw new IllegalArgumentException("no calibration pixels");
        }
        if (!(targetFalsePositiveRate > 0 && targetFalsePositiveRate < 1)) {
            throw new IllegalArgumentException("target false-positive rate must lie in (0, 1), got "
                    + targetFalsePositiveRate);
        }
        Arrays.sort(pixels);
        int allowedAbove = (int) Math.floor(targetFalsePositiveRate * pixels.length + EPSILON);
        return pixels[pixels.length - 1 - allowedAbove];
    }
}

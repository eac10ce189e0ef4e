package org.clipfusion.metrics;

import java.util.Objects;

/**
 * One image's anomaly map with its own size: row-major, {@code width} scores per row. The size travels with the
 * scores so that a map and its ground truth can be checked against each other; a single (width, height) pair given
 * for both could not tell a 32x24 map from a 24x32 mask, and would silently compute regions and metrics of the
 * wrong shape.
 *
 * @param scores row-major, {@code width * height} values (not copied: do not change them while a metric holds them)
 */
public record ScoreMap(float[] scores, int width, int height) {

    /** @throws IllegalArgumentException when the size is empty or does not match the number of scores */
    public ScoreMap {
        Objects.requireNonNull(scores, "scores");
        requireSize(scores.length, width, height, "scores");
    }

    static void requireSize(int length, int width, int height, String what) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("size " + width + "x" + height + " is empty");
        }
        if ((long) width * height != length) {
            throw new IllegalArgumentException(width + "x" + height + " = " + (long) width * height + " pixels, but "
                    + length + " " + what);
        }
    }
}

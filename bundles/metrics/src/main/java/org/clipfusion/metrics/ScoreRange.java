package org.clipfusion.metrics;

/**
 * The closed interval of pixel scores a {@link PixelMetricsAccumulator} bins over; usually the lowest and highest
 * score of the category, found by a first pass with {@link ScoreRangeFinder}.
 *
 * @param min the lowest score that may be added
 * @param max the highest score that may be added
 */
public record ScoreRange(double min, double max) {

    /** @throws IllegalArgumentException when a bound is not finite or {@code min > max} */
    public ScoreRange {
        if (!Double.isFinite(min) || !Double.isFinite(max)) {
            throw new IllegalArgumentException("score range bounds must be finite: [" + min + ", " + max + "]");
        }
        if (min > max) {
            throw new IllegalArgumentException("score range is inverted: min " + min + " > max " + max);
        }
    }
}

package org.clipfusion.metrics;

import java.util.Locale;
import java.util.Objects;

/**
 * Mean and spread of one metric over repeated runs (seeds), for "mean ± std" tables.
 *
 * @param count     how many values were summarized
 * @param mean      their arithmetic mean
 * @param sampleStd their sample standard deviation (divisor {@code count - 1}, numpy's {@code std(ddof=1)}); NaN for
 *                  a single value, whose spread is unknown
 */
public record MetricSummary(int count, double mean, double sampleStd) {

    /**
     * Summarizes the values of one metric, one per seed.
     *
     * @throws IllegalArgumentException when there are no values, or one is NaN or infinite (naming its index): an
     *                                  undefined metric must be dealt with before averaging
     */
    public static MetricSummary of(double... values) {
        Objects.requireNonNull(values, "values");
        if (values.length == 0) {
            throw new IllegalArgumentException("empty input: no values to summarize");
        }
        double sum = 0;
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("value at index " + i + " is " + values[i]);
            }
            sum += values[i];
        }
        double mean = sum / values.length;
        if (values.length == 1) {
            return new MetricSummary(1, mean, Double.NaN);
        }
        // Two passes (mean first) rather than sum of squares, which cancels badly for close values like AUROCs.
        double squaredDeviations = 0;
        for (double value : values) {
            squaredDeviations += (value - mean) * (value - mean);
        }
        return new MetricSummary(values.length, mean, Math.sqrt(squaredDeviations / (values.length - 1)));
    }

    /** The population standard deviation (divisor {@code count}, numpy's default {@code std()}). */
    public double populationStd() {
        return count == 1 ? 0.0 : sampleStd * Math.sqrt((count - 1.0) / count);
    }

    /**
     * "mean ± std" in percent with {@code decimals} decimals, e.g. {@code "97.31 ± 0.42"} for fractions 0.9731 and
     * 0.0042; a single value prints without the spread.
     */
    public String toPercentString(int decimals) {
        String format = "%." + decimals + "f";
        String meanText = String.format(Locale.ROOT, format, 100 * mean);
        return count == 1 ? meanText : meanText + " ± " + String.format(Locale.ROOT, format, 100 * sampleStd);
    }
}

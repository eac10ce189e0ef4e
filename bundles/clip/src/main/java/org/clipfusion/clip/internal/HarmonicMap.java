package org.clipfusion.clip.internal;

/**
 * Per-pixel harmonic mean of the scores of every region covering a pixel, WinCLIP's aggregation: a pixel is anomalous
 * only if all its regions agree, which keeps one anomalous crop from painting its whole area.
 */
final class HarmonicMap {
    private static final double FLOOR = 1e-6;

    private final int width;
    private final int height;
    private final double[] reciprocalSums;
    private final int[] counts;

    HarmonicMap(int width, int height) {
        this.width = width;
        this.height = height;
        this.reciprocalSums = new double[width * height];
        this.counts = new int[width * height];
    }

    /** Adds a region's score to every pixel of the rectangle (map coordinates, clipped to the map). */
    void add(int x0, int y0, int x1, int y1, double score) {
        double reciprocal = 1.0 / Math.max(FLOOR, score);
        for (int y = Math.max(0, y0); y < Math.min(height, y1); y++) {
            for (int x = Math.max(0, x0); x < Math.min(width, x1); x++) {
                reciprocalSums[y * width + x] += reciprocal;
                counts[y * width + x]++;
            }
        }
    }

    /** Adds one score to every pixel (e.g. the whole-image score). */
    void addEverywhere(double score) {
        add(0, 0, width, height, score);
    }

    /** The harmonic means; pixels no region covered are {@code NaN}. */
    float[] means() {
        float[] means = new float[width * height];
        for (int i = 0; i < means.length; i++) {
            means[i] = counts[i] == 0 ? Float.NaN : (float) (counts[i] / reciprocalSums[i]);
        }
        return means;
    }

    /** Harmonic mean of several values, the same floor applied. */
    static double of(double... values) {
        double sum = 0;
        for (double value : values) {
            sum += 1.0 / Math.max(FLOOR, value);
        }
        return values.length / sum;
    }
}

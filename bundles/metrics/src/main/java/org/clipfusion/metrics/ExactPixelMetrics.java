package org.clipfusion.metrics;

import java.util.Arrays;
import java.util.Objects;
import org.clipfusion.metrics.internal.ExactRanking;
import org.clipfusion.metrics.internal.ImagePixels;
import org.clipfusion.metrics.internal.InputChecks;
import org.clipfusion.metrics.internal.PixelMetricsCalculation;

/**
 * Pixel AUROC, F1-max and AUPRO computed exactly (error bounds 0), with the same definitions and input as
 * {@link PixelMetricsAccumulator}. It keeps every pixel (17 bytes each, and an index of 16 more while sorting) and sorts them all, so it is meant for small
 * inputs and for checking the binned accumulator, not for whole categories. Not thread-safe.
 */
public final class ExactPixelMetrics {

    private double[] scores = new double[1024];
    private boolean[] anomalous = new boolean[1024];
    private double[] overlapWeights = new double[1024];
    private int pixels;
    private long regions;
    private int images;

    /**
     * Adds one image. A rejected image leaves the collector unchanged.
     *
     * @param scores the anomaly map, row-major, {@code width * height} finite scores
     * @param mask   the ground truth, row-major, true for an anomalous pixel
     * @throws IllegalArgumentException when the sizes disagree or a score is NaN or infinite (naming the image and
     *                                  the pixel)
     * @throws IllegalStateException    when the pixels would no longer fit in arrays
     */
    public void add(float[] scores, boolean[] mask, int width, int height) {
        Objects.requireNonNull(mask, "mask");
        InputChecks.requireImage(scores, mask.length, width, height, images);
        ensureRoomFor(scores.length);
        regions += ImagePixels.feed(scores, mask, width, height, this::keep);
        images++;
    }

    /** As {@link #add(float[], boolean[], int, int)} with a byte mask: any non-zero byte is anomalous. */
    public void add(float[] scores, byte[] mask, int width, int height) {
        add(scores, ImagePixels.toBooleans(mask), width, height);
    }

    /**
     * The exact metrics of every image added so far.
     *
     * @throws IllegalStateException when no image was added
     */
    public PixelMetrics result() {
        return PixelMetricsCalculation.of(
                ExactRanking.of(Arrays.copyOf(scores, pixels), Arrays.copyOf(anomalous, pixels),
                        Arrays.copyOf(overlapWeights, pixels)),
                regions, images);
    }

    private void keep(float score, boolean isAnomalous, double overlapWeight) {
        scores[pixels] = score;
        anomalous[pixels] = isAnomalous;
        overlapWeights[pixels] = overlapWeight;
        pixels++;
    }

    private void ensureRoomFor(int more) {
        long needed = (long) pixels + more;
        if (needed > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("too many pixels for exact metrics (" + needed
                    + "); use PixelMetricsAccumulator");
        }
        if (needed > scores.length) {
            int capacity = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(needed, 2L * scores.length));
            scores = Arrays.copyOf(scores, capacity);
            anomalous = Arrays.copyOf(anomalous, capacity);
            overlapWeights = Arrays.copyOf(overlapWeights, capacity);
        }
    }
}

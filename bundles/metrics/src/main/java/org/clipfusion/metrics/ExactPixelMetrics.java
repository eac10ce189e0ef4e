package org.clipfusion.metrics;

import java.util.Arrays;
import org.clipfusion.metrics.internal.ExactRanking;
import org.clipfusion.metrics.internal.ImagePixels;
import org.clipfusion.metrics.internal.InputChecks;
import org.clipfusion.metrics.internal.PixelMetricsCalculation;

/**
 * Pixel AUROC, AP, F1-max and AUPRO computed exactly (error bounds 0), with the same definitions and input as
 * {@link PixelMetricsAccumulator}. It keeps every pixel (17 bytes each, and an index of 16 more while sorting) and sorts them all, so it is meant for small
 * inputs and for checking the binned accumulator, not for whole categories. Not thread-safe.
 */
public final class ExactPixelMetrics implements PixelMetricsCollector {

    private double[] scores = new double[1024];
    private boolean[] anomalous = new boolean[1024];
    private double[] overlapWeights = new double[1024];
    private int pixels;
    private long regions;
    private int images;

    @Override
    public void add(ScoreMap map, GroundTruthMask mask) {
        InputChecks.requireImage(map.scores(), map.width(), map.height(), mask.width(), mask.height(), images);
        ensureRoomFor(map.scores().length);
        regions += ImagePixels.feed(map.scores(), mask.anomalous(), map.width(), map.height(), this::keep);
        images++;
    }

    @Override
    public int images() {
        return images;
    }

    /** The exact metrics of every image added so far. */
    @Override
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

package org.clipfusion.metrics.internal;

import java.util.Arrays;

/**
 * Pixel scores binned over a fixed range: per bin the anomalous and normal pixel counts, the summed per-region
 * overlap weight of the anomalous pixels, and the lowest and highest score seen. Its size depends only on the number
 * of bins (32 bytes each), never on how many pixels were added.
 *
 * <p>The bin of a score is {@code floor((score - min) * bins / (max - min))}, the top score going to the last bin.
 * Every step of that computation rounds monotonically, so a higher score never lands in a lower bin; hence the
 * pixels of bins {@code >= b} are exactly those scoring at least the lowest score of bin {@code b}, and each binned
 * operating point is an exact one. Keeping the lowest and highest score per bin tells which bins hold a single
 * distinct score: those are exact, and only the others (mixed bins) contribute to the error bounds.
 */
public final class ScoreHistogram {

    private final double min;
    private final double max;
    private final double binsPerUnit;
    private final long[] positives;
    private final long[] negatives;
    private final double[] overlaps;
    private final float[] lowest;
    private final float[] highest;

    /** An empty histogram of {@code bins} bins over {@code [min, max]} (finite, {@code min <= max}). */
    public ScoreHistogram(double min, double max, int bins) {
        this.min = min;
        this.max = max;
        // A constant range puts every score in bin 0.
        this.binsPerUnit = max > min ? bins / (max - min) : 0.0;
        this.positives = new long[bins];
        this.negatives = new long[bins];
        this.overlaps = new double[bins];
        this.lowest = new float[bins];
        this.highest = new float[bins];
        Arrays.fill(lowest, Float.POSITIVE_INFINITY);
        Arrays.fill(highest, Float.NEGATIVE_INFINITY);
    }

    public int bins() {
        return positives.length;
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }

    /** The bin of a score inside {@code [min, max]}. */
    public int binOf(float score) {
        int bin = (int) ((score - min) * binsPerUnit);
        return Math.min(Math.max(bin, 0), positives.length - 1);
    }

    /** Counts one pixel; {@code overlapWeight} is {@code 1 / |region|} for an anomalous pixel, else 0. */
    public void add(float score, boolean anomalous, double overlapWeight) {
        int bin = binOf(score);
        if (anomalous) {
            positives[bin]++;
            overlaps[bin] += overlapWeight;
        } else {
            negatives[bin]++;
        }
        if (score < lowest[bin]) {
            lowest[bin] = score;
        }
        if (score > highest[bin]) {
            highest[bin] = score;
        }
    }

    /** Adds the counts of {@code other}, which must have the same range and bins. */
    public void addAll(ScoreHistogram other) {
        if (other.min != min || other.max != max || other.bins() != bins()) {
            throw new IllegalArgumentException("histograms differ in range or bins: [" + min + ", " + max + "] x "
                    + bins() + " and [" + other.min + ", " + other.max + "] x " + other.bins());
        }
        for (int b = 0; b < bins(); b++) {
            positives[b] += other.positives[b];
            negatives[b] += other.negatives[b];
            overlaps[b] += other.overlaps[b];
            lowest[b] = Math.min(lowest[b], other.lowest[b]);
            highest[b] = Math.max(highest[b], other.highest[b]);
        }
    }

    /** The non-empty bins as groups, highest first, each with its lowest score as threshold. */
    public ScoreGroups toGroups() {
        int filled = 0;
        for (int b = 0; b < bins(); b++) {
            if (positives[b] + negatives[b] > 0) {
                filled++;
            }
        }
        double[] thresholds = new double[filled];
        long[] groupPositives = new long[filled];
        long[] groupNegatives = new long[filled];
        double[] groupOverlaps = new double[filled];
        boolean[] mixed = new boolean[filled];
        int g = 0;
        for (int b = bins() - 1; b >= 0; b--) {
            if (positives[b] + negatives[b] == 0) {
                continue;
            }
            thresholds[g] = lowest[b];
            groupPositives[g] = positives[b];
            groupNegatives[g] = negatives[b];
            groupOverlaps[g] = overlaps[b];
            mixed[g] = lowest[b] < highest[b];
            g++;
        }
        return new ScoreGroups(thresholds, groupPositives, groupNegatives, groupOverlaps, mixed);
    }
}

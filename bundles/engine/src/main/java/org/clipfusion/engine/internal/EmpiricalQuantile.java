package org.clipfusion.engine.internal;

import java.util.Arrays;

/**
 * The threshold that keeps the false-positive rate on a calibration set of normal images at or below a target:
 * with the n scores sorted ascending, {@code x(n − ⌊target·n⌋)} (1-based), the smallest score that leaves at most
 * {@code ⌊target·n⌋} scores strictly above it (decisions call a score anomalous when it is strictly above the
 * threshold). This is the empirical (1 − target) quantile with the "higher" rule: it never interpolates, so the
 * threshold is always a score that was observed. With fewer than {@code 1 / target} images no score may lie above
 * it, and the threshold is the maximum.
 */
final class EmpiricalQuantile {
    /** Absorbs rounding in {@code target · n}, e.g. 0.29 · 100 = 28.999999999999996. */
    private static final double EPSILON = 1e-9;

    private final double[] sortedScores;
    private final int allowedAbove;

    EmpiricalQuantile(double[] scores, double targetFalsePositiveRate) {
        if (scores.length == 0) {
            throw new IllegalArgumentException("no calibration scores");
        }
        if (!(targetFalsePositiveRate > 0 && targetFalsePositiveRate < 1)) {
            throw new IllegalArgumentException("target false-positive rate must lie in (0, 1), got "
                    + targetFalsePositiveRate);
        }
        this.sortedScores = scores.clone();
        Arrays.sort(sortedScores);
        this.allowedAbove = (int) Math.floor(targetFalsePositiveRate * scores.length + EPSILON);
    }

    double threshold() {
        return sortedScores[sortedScores.length - 1 - allowedAbove];
    }

    /** How many calibration scores may lie above the threshold. */
    int allowedAbove() {
        return allowedAbove;
    }

    /** One phrase for a threshold's detail, e.g. "threshold = the largest of 4 scores (...)". */
    String describe() {
        int n = sortedScores.length;
        if (allowedAbove == 0) {
            return "threshold = the largest of " + n + " scores (too few images for a finer quantile: the (1 - FPR)"
                    + " quantile of fewer than 1/FPR scores is their maximum)";
        }
        return "threshold = the " + ordinal(n - allowedAbove) + " smallest of " + n + " scores, leaving "
                + allowedAbove + " above it";
    }

    private static String ordinal(int k) {
        int lastTwo = k % 100;
        String suffix = lastTwo >= 11 && lastTwo <= 13 ? "th"
                : switch (k % 10) {
                    case 1 -> "st";
                    case 2 -> "nd";
                    case 3 -> "rd";
                    default -> "th";
                };
        return k + suffix;
    }
}

package org.clipfusion.metrics.internal;

/**
 * Average precision as sklearn's {@code average_precision_score}: {@code sum_n (R_n - R_{n-1}) P_n} over the
 * operating points of the distinct thresholds, highest first, without interpolation.
 */
public final class AveragePrecision {

    private AveragePrecision() {
    }

    /**
     * The average precision. Without anomalous samples sklearn sets every recall to 1 and the sum reduces to the
     * precision at the highest threshold, which is 0; so 0. Without normal samples every precision is 1; so 1.
     */
    public static double of(ScoreGroups groups) {
        long p = groups.totalPositives();
        if (p == 0) {
            return 0.0;
        }
        double sum = 0;
        long truePositives = 0;
        long predicted = 0;
        for (int g = 0; g < groups.size(); g++) {
            truePositives += groups.positives(g);
            predicted += groups.positives(g) + groups.negatives(g);
            if (groups.positives(g) > 0) {
                double recallGain = (double) groups.positives(g) / p;
                sum += recallGain * ((double) truePositives / predicted);
            }
        }
        return sum;
    }

    /**
     * How far {@link #of} can be from the exact average precision when {@code groups} is binned. Inside a mixed group
     * the exact curve has further operating points; each anomalous sample of the group adds {@code 1/P} of recall at
     * a precision {@code (tp + a) / (predicted + a + b)} with {@code 1 <= a <= positives} of the group's anomalous and
     * {@code 0 <= b <= negatives} of its normal samples ranked before it. That precision is at least
     * {@code (tp + 1) / (predicted + 1 + negatives)} and at most {@code (tp + positives) / (predicted + positives)}
     * (both increase with {@code a}, since precision is at most 1), and the binned sum uses the group's end point,
     * which lies between them. So the group's share of the error is at most {@code positives / P} times the larger
     * distance from the end point's precision to either limit. 0 for exact rankings.
     */
    public static double errorBound(ScoreGroups groups) {
        long p = groups.totalPositives();
        if (p == 0) {
            return 0.0;
        }
        double bound = 0;
        long truePositives = 0;
        long predicted = 0;
        for (int g = 0; g < groups.size(); g++) {
            long positives = groups.positives(g);
            long negatives = groups.negatives(g);
            if (groups.mixed(g) && positives > 0) {
                double binned = (double) (truePositives + positives) / (predicted + positives + negatives);
                double lowest = (double) (truePositives + 1) / (predicted + 1 + negatives);
                double highest = (double) (truePositives + positives) / (predicted + positives);
                bound += (double) positives / p * Math.max(highest - binned, binned - lowest);
            }
            truePositives += positives;
            predicted += positives + negatives;
        }
        return bound;
    }
}

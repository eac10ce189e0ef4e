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
}

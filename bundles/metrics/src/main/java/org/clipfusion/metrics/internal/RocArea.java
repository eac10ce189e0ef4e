package org.clipfusion.metrics.internal;

/**
 * Area under the ROC curve as sklearn's {@code roc_auc_score}: the curve through (0, 0) and the operating point of
 * every distinct threshold, integrated with the trapezoid rule. That area equals the probability that an anomalous
 * sample scores above a normal one, ties counting one half, which is how it is summed here.
 *
 * <p>Error bound of a binned ranking: a pair of an anomalous and a normal sample in different bins is ordered
 * exactly as by their scores; a pair inside one bin counts 1/2 where the exact value is 0, 1/2 or 1. So
 * {@code |binned - exact| <= (1/2) * sum over mixed bins of positives * negatives / (P * N)}; bins of a single
 * distinct score add nothing since their pairs are true ties.
 */
public final class RocArea {

    private RocArea() {
    }

    /** The area, or NaN when there are no anomalous or no normal samples (sklearn raises then). */
    public static double of(ScoreGroups groups) {
        long p = groups.totalPositives();
        long n = groups.totalNegatives();
        if (p == 0 || n == 0) {
            return Double.NaN;
        }
        double orderedPairs = 0;
        long positivesAbove = 0;
        for (int g = 0; g < groups.size(); g++) {
            // Each normal sample of this group is beaten by every anomalous one above it and tied with this group's.
            orderedPairs += groups.negatives(g) * (positivesAbove + 0.5 * groups.positives(g));
            positivesAbove += groups.positives(g);
        }
        return orderedPairs / ((double) p * n);
    }

    /** The bound on {@code |of(groups) - exact|} stated above; 0 for exact rankings, NaN when the area is. */
    public static double errorBound(ScoreGroups groups) {
        long p = groups.totalPositives();
        long n = groups.totalNegatives();
        if (p == 0 || n == 0) {
            return Double.NaN;
        }
        double pairsInMixedGroups = 0;
        for (int g = 0; g < groups.size(); g++) {
            if (groups.mixed(g)) {
                pairsInMixedGroups += (double) groups.positives(g) * groups.negatives(g);
            }
        }
        return 0.5 * pairsInMixedGroups / ((double) p * n);
    }
}

package org.clipfusion.metrics.internal;

/**
 * The largest F1 over the operating points of the distinct thresholds, as anomalib's {@code F1Max} takes it from
 * the precision-recall curve, and the threshold that reaches it.
 *
 * <p>F1 = 2PR / (P + R) = 2 TP / (TP + FP + positives), taken as 0 when P + R = 0 (no true positive). Among
 * thresholds with equal F1 the smallest wins, as {@code argmax} over the ascending thresholds of
 * {@code precision_recall_curve} picks it. F1 is computed from integer counts, so mathematically equal values are
 * equal doubles (IEEE division rounds correctly) and this choice does not depend on rounding.
 *
 * <p>Error bound of a binned ranking: its operating points are a subset of the exact ones, so the binned F1-max is
 * never above the exact one. An exact threshold inside a mixed group {@code g} predicts every sample above the
 * group plus part of it, so its TP is at most the TP through {@code g} and its FP at least the FP above {@code g};
 * F1 grows with TP and falls with FP, so {@code 2 TP_through / (TP_through + FP_above + positives)} bounds it.
 * The exact F1-max is thus within {@code [binned, binned + bound]}.
 *
 * @param f1        the largest F1
 * @param threshold the smallest threshold reaching it (predict anomalous when score &gt;= threshold)
 * @param errorBound how far the exact F1-max can lie above {@code f1}; 0 for exact rankings
 */
public record BestF1(double f1, double threshold, double errorBound) {

    /** The best F1 of {@code groups}, which must not be empty. */
    public static BestF1 of(ScoreGroups groups) {
        long positives = groups.totalPositives();
        double best = -1;
        double bestThreshold = Double.NaN;
        double upperBound = 0;
        long truePositives = 0;
        long falsePositives = 0;
        for (int g = 0; g < groups.size(); g++) {
            long falsePositivesAbove = falsePositives;
            truePositives += groups.positives(g);
            falsePositives += groups.negatives(g);
            double f1 = f1(truePositives, falsePositives, positives);
            // >= so that, walking thresholds downwards, the smallest of equal F1 values wins.
            if (f1 >= best) {
                best = f1;
                bestThreshold = groups.threshold(g);
            }
            if (groups.mixed(g)) {
                upperBound = Math.max(upperBound, f1(truePositives, falsePositivesAbove, positives));
            }
        }
        return new BestF1(best, bestThreshold, Math.max(0.0, upperBound - best));
    }

    private static double f1(long truePositives, long falsePositives, long positives) {
        return truePositives == 0 ? 0.0 : 2.0 * truePositives / (truePositives + falsePositives + positives);
    }
}

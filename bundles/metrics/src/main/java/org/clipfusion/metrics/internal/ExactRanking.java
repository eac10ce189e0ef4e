package org.clipfusion.metrics.internal;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Groups samples by distinct score, highest first: the exact operating points sklearn's {@code _binary_clf_curve}
 * walks. Holds every sample while sorting, so it is meant for image scores and small pixel sets.
 */
public final class ExactRanking {

    private ExactRanking() {
    }

    /**
     * @param scores       finite scores, one per sample
     * @param anomalous    the ground truth of each sample
     * @param overlapWeights per sample {@code 1 / |region|} for anomalous pixels, or {@code null} for none
     */
    public static ScoreGroups of(double[] scores, boolean[] anomalous, double[] overlapWeights) {
        int count = scores.length;
        Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());

        int groups = 0;
        for (int k = 0; k < count; k++) {
            // == and not Double.compare, so that -0.0 and 0.0 form one group as they do in numpy.
            if (k == 0 || scores[order[k]] != scores[order[k - 1]]) {
                groups++;
            }
        }
        double[] thresholds = new double[groups];
        long[] positives = new long[groups];
        long[] negatives = new long[groups];
        double[] overlaps = new double[groups];
        int g = -1;
        for (int k = 0; k < count; k++) {
            int i = order[k];
            if (k == 0 || scores[i] != scores[order[k - 1]]) {
                g++;
                thresholds[g] = scores[i];
            }
            if (anomalous[i]) {
                positives[g]++;
                if (overlapWeights != null) {
                    overlaps[g] += overlapWeights[i];
                }
            } else {
                negatives[g]++;
            }
        }
        return new ScoreGroups(thresholds, positives, negatives, overlaps, new boolean[groups]);
    }
}

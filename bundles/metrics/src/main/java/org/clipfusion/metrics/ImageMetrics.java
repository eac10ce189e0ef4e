package org.clipfusion.metrics;

import java.util.Objects;
import java.util.Optional;
import org.clipfusion.metrics.internal.AveragePrecision;
import org.clipfusion.metrics.internal.BestF1;
import org.clipfusion.metrics.internal.ExactRanking;
import org.clipfusion.metrics.internal.InputChecks;
import org.clipfusion.metrics.internal.RocArea;
import org.clipfusion.metrics.internal.ScoreGroups;

/**
 * Exact image-level metrics of one set of image scores, with scikit-learn 1.2 semantics.
 *
 * <ul>
 *   <li>{@code auroc}: {@code roc_auc_score}, ties counting one half; NaN when only one class is present (sklearn
 *       raises then), with {@link #undefinedReason()} saying why.</li>
 *   <li>{@code averagePrecision}: {@code average_precision_score}, {@code sum_n (R_n - R_{n-1}) P_n} over the
 *       distinct thresholds; 0 without anomalous images (sklearn's value, recall taken as 1) and 1 without normal
 *       ones.</li>
 *   <li>{@code f1Max}: the largest 2PR/(P+R) over the points of {@code precision_recall_curve}, 0 where P+R = 0,
 *       as anomalib's {@code F1Max}; {@code f1Threshold} is the smallest threshold reaching it (an image is
 *       anomalous when its score is {@code >=} the threshold).</li>
 * </ul>
 *
 * @param auroc            area under the ROC curve, or NaN
 * @param averagePrecision average precision
 * @param f1Max            the largest F1
 * @param f1Threshold      the smallest score threshold reaching {@code f1Max}
 * @param normalImages     how many labels were normal
 * @param anomalousImages  how many labels were anomalous
 * @param undefinedReason  why a value is NaN or a convention, when only one class is present
 */
public record ImageMetrics(double auroc, double averagePrecision, double f1Max, double f1Threshold,
                           int normalImages, int anomalousImages, Optional<String> undefinedReason) {

    public ImageMetrics {
        Objects.requireNonNull(undefinedReason, "undefinedReason");
    }

    /**
     * Computes the metrics exactly: sorts the scores, so time O(n log n) and memory O(n).
     *
     * @param scores anomaly scores, higher meaning more anomalous; all finite
     * @param labels the ground truth, true for an anomalous image; as many as scores
     * @throws IllegalArgumentException on empty input, differing lengths, or a NaN or infinite score (naming its
     *                                  index)
     */
    public static ImageMetrics of(double[] scores, boolean[] labels) {
        Objects.requireNonNull(scores, "scores");
        Objects.requireNonNull(labels, "labels");
        InputChecks.requireSameNonZeroLength(scores.length, labels.length, "image");
        InputChecks.requireFinite(scores, "image");
        ScoreGroups groups = ExactRanking.of(scores, labels, null);
        BestF1 best = BestF1.of(groups);
        int anomalous = (int) groups.totalPositives();
        int normal = (int) groups.totalNegatives();
        return new ImageMetrics(RocArea.of(groups), AveragePrecision.of(groups), best.f1(), best.threshold(),
                normal, anomalous, reasonFor(normal, anomalous));
    }

    private static Optional<String> reasonFor(int normal, int anomalous) {
        if (anomalous == 0) {
            return Optional.of("no anomalous images: AUROC is undefined (NaN); average precision and F1-max are 0, "
                    + "as sklearn gives with recall taken as 1");
        }
        if (normal == 0) {
            return Optional.of("no normal images: AUROC is undefined (NaN); average precision and F1-max are 1");
        }
        return Optional.empty();
    }
}

package org.clipfusion.metrics.internal;

/**
 * The operating points of a ranking by score: the samples grouped by threshold, highest threshold first, with how
 * many anomalous (positive) and normal (negative) samples each group holds and, for pixel rankings, the summed
 * per-region overlap weight {@code 1 / |region|} of its anomalous pixels.
 *
 * <p>Predicting "anomalous" for every sample of the first {@code k} groups is the k-th operating point, as in
 * sklearn's {@code _binary_clf_curve}. An exact ranking has one group per distinct score. A binned ranking has one
 * group per non-empty bin; such a group is <em>mixed</em> when it holds more than one distinct score, so that the
 * exact curve has further operating points inside it. The error bounds of the binned metrics come from the mixed
 * groups only: a group of one distinct score is an exact operating point.
 */
public final class ScoreGroups {

    private final double[] thresholds;
    private final long[] positives;
    private final long[] negatives;
    private final double[] overlaps;
    private final boolean[] mixed;
    private final long totalPositives;
    private final long totalNegatives;

    /**
     * Takes the arrays as they are (no copies): all of the same length, highest threshold first, none empty.
     * {@code overlaps} is all zeros for image rankings.
     */
    public ScoreGroups(double[] thresholds, long[] positives, long[] negatives, double[] overlaps, boolean[] mixed) {
        int size = thresholds.length;
        if (positives.length != size || negatives.length != size || overlaps.length != size || mixed.length != size) {
            throw new IllegalArgumentException("group arrays differ in length");
        }
        this.thresholds = thresholds;
        this.positives = positives;
        this.negatives = negatives;
        this.overlaps = overlaps;
        this.mixed = mixed;
        long p = 0;
        long n = 0;
        for (int g = 0; g < size; g++) {
            p += positives[g];
            n += negatives[g];
        }
        this.totalPositives = p;
        this.totalNegatives = n;
    }

    public int size() {
        return thresholds.length;
    }

    /** The score at or above which the samples of groups {@code 0..g} are predicted anomalous. */
    public double threshold(int g) {
        return thresholds[g];
    }

    public long positives(int g) {
        return positives[g];
    }

    public long negatives(int g) {
        return negatives[g];
    }

    /** Sum of {@code 1 / |region|} over the anomalous pixels of group {@code g}. */
    public double overlap(int g) {
        return overlaps[g];
    }

    /** Whether group {@code g} holds more than one distinct score (possible only for binned rankings). */
    public boolean mixed(int g) {
        return mixed[g];
    }

    public long totalPositives() {
        return totalPositives;
    }

    public long totalNegatives() {
        return totalNegatives;
    }
}

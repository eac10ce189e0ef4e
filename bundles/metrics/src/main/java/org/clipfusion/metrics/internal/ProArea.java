package org.clipfusion.metrics.internal;

/**
 * The normalized area under the per-region-overlap (PRO) curve up to a false positive rate limit, as the MVTec AD
 * evaluation script computes it ({@code compute_pro} followed by {@code trapezoid(fprs, pros, x_max=limit) / limit}).
 *
 * <p>At each distinct threshold: FPR = normal pixels at or above it / all normal pixels of all images; PRO = mean
 * over every ground-truth region of every image of the fraction of the region's pixels at or above it. The curve
 * runs through (0, 0), the points of the thresholds from highest to lowest, and (1, 1), both coordinates clipped
 * to 1, linearly between points; its area over FPR in [0, limit], with the point at {@code limit} interpolated
 * linearly, is divided by {@code limit}.
 *
 * <p>Error bound of a binned ranking: the exact curve passes through the binned points (each is the exact point of
 * the lowest score of its bin and all above) and, between two of them, runs monotonically (FPR and PRO only grow as
 * the threshold falls) inside the box they span; the binned curve takes the diagonal of that box. Over a whole box
 * of width dx and height dy the two areas differ by at most {@code dx * dy / 2}; over the part of the box left of
 * the limit, by at most {@code dy * (limit - x0)}. Only boxes of mixed bins count, as a bin of one distinct score
 * adds no exact point. The sum, divided by {@code limit}, bounds {@code |binned - exact|}.
 *
 * @param area       the normalized area, NaN when there are no normal pixels or no regions
 * @param errorBound the bound above; 0 for exact rankings
 */
public record ProArea(double area, double errorBound) {

    /**
     * @param groups   the ranking, carrying the per-region overlap weights of its anomalous pixels
     * @param regions  the number of ground-truth regions over all images
     * @param fprLimit the false positive rate the integration stops at, in (0, 1]
     */
    public static ProArea of(ScoreGroups groups, long regions, double fprLimit) {
        long normals = groups.totalNegatives();
        if (normals == 0 || regions == 0) {
            return new ProArea(Double.NaN, Double.NaN);
        }
        double area = 0;
        double bound = 0;
        double x0 = 0;
        double y0 = 0;
        long falsePositives = 0;
        double overlapSum = 0;
        for (int g = 0; g <= groups.size(); g++) {
            double x1;
            double y1;
            boolean mixed;
            if (g < groups.size()) {
                falsePositives += groups.negatives(g);
                overlapSum += groups.overlap(g);
                x1 = Math.min(1.0, (double) falsePositives / normals);
                y1 = Math.min(1.0, overlapSum / regions);
                mixed = groups.mixed(g);
            } else {
                // The script's closing point; it matters only if rounding left the last point short of (1, 1).
                x1 = 1.0;
                y1 = 1.0;
                mixed = false;
            }
            if (x1 <= fprLimit) {
                area += 0.5 * (y0 + y1) * (x1 - x0);
                if (mixed) {
                    bound += 0.5 * (x1 - x0) * (y1 - y0);
                }
            } else {
                double yAtLimit = y0 + (y1 - y0) * (fprLimit - x0) / (x1 - x0);
                area += 0.5 * (y0 + yAtLimit) * (fprLimit - x0);
                if (mixed) {
                    bound += (y1 - y0) * (fprLimit - x0);
                }
                break;
            }
            x0 = x1;
            y0 = y1;
        }
        return new ProArea(area / fprLimit, bound / fprLimit);
    }
}

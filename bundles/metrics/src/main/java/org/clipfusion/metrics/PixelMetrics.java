package org.clipfusion.metrics;

import java.util.Objects;
import java.util.Optional;

/**
 * Pixel-level metrics of a whole category, each with a bound on its distance from the exact value; the bounds are
 * 0 for {@link ExactPixelMetrics} and for bins that each hold a single distinct score.
 *
 * <ul>
 *   <li>{@code auroc}: sklearn's {@code roc_auc_score} over all pixels of all images;
 *       {@code |auroc - exact| <= aurocErrorBound}.</li>
 *   <li>{@code averagePrecision}: sklearn's {@code average_precision_score} over all pixels of all images (as
 *       {@link ImageMetrics#averagePrecision()}: no interpolation, 0 without anomalous pixels);
 *       {@code |averagePrecision - exact| <= averagePrecisionErrorBound}.</li>
 *   <li>{@code f1Max}: as {@link ImageMetrics#f1Max()} over all pixels, {@code f1Threshold} the smallest threshold
 *       reaching it (always an actual pixel score); the exact F1-max lies in
 *       {@code [f1Max, f1Max + f1MaxErrorBound]}.</li>
 *   <li>{@code aupro}: the MVTec AD evaluation script's normalized area under the per-region-overlap curve up to a
 *       false positive rate of {@link #AUPRO_FPR_LIMIT}, regions being the 8-connected components of each
 *       ground-truth mask; {@code |aupro - exact| <= auproErrorBound}.</li>
 * </ul>
 *
 * <p>AUPRO follows the MVTec AD evaluation script ({@code pro_curve_util.compute_pro}, then
 * {@code generic_util.trapezoid(fprs, pros, x_max=0.3) / 0.3}): one curve point per distinct threshold, FPR over the
 * normal pixels of all images, PRO the mean overlap over all regions of all images. anomalib's {@code AUPRO} averages
 * per-region ROC curves resampled onto a common grid instead, an approximation of the same area that can differ in
 * the last digits.
 *
 * <p>AUROC and AUPRO are NaN (and so are their bounds) when the category has no anomalous or no normal pixels;
 * {@link #undefinedReason()} then says so. F1-max follows the image-level conventions.
 *
 * @param images          how many images were added
 * @param normalPixels    pixels outside every ground-truth region
 * @param anomalousPixels pixels inside a ground-truth region
 * @param regions         ground-truth regions over all images
 */
public record PixelMetrics(double auroc, double aurocErrorBound,
                           double averagePrecision, double averagePrecisionErrorBound,
                           double f1Max, double f1MaxErrorBound, double f1Threshold,
                           double aupro, double auproErrorBound,
                           int images, long normalPixels, long anomalousPixels, long regions,
                           Optional<String> undefinedReason) {

    /** The false positive rate up to which AUPRO integrates, as in the MVTec AD benchmark. */
    public static final double AUPRO_FPR_LIMIT = 0.3;

    public PixelMetrics {
        Objects.requireNonNull(undefinedReason, "undefinedReason");
    }
}

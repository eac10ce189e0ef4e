/**
 * Evaluation metrics of anomaly detection with the semantics of scikit-learn and of the MVTec AD evaluation
 * script: {@link org.clipfusion.metrics.ImageMetrics} (exact image AUROC, AP, F1-max),
 * {@link org.clipfusion.metrics.PixelMetricsAccumulator} (pixel AUROC, AP, F1-max and AUPRO of a whole category, fed
 * image by image in memory independent of the number of pixels, each value with a computable error bound),
 * {@link org.clipfusion.metrics.ExactPixelMetrics} (the same without binning, for small inputs) and
 * {@link org.clipfusion.metrics.MetricSummary} (mean and standard deviation over seeds). Both pixel collectors are
 * {@link org.clipfusion.metrics.PixelMetricsCollector}s and take a {@link org.clipfusion.metrics.ScoreMap} with its
 * {@link org.clipfusion.metrics.GroundTruthMask}, each carrying its own size.
 *
 * <p>2.0.0: pixel AP; the pixel collectors' {@code add(float[], boolean[], int, int)} (one size for map and mask, so
 * a swapped width and height went unnoticed) replaced by {@code add(ScoreMap, GroundTruthMask)}.
 */
@org.osgi.annotation.versioning.Version("2.0.0")
package org.clipfusion.metrics;

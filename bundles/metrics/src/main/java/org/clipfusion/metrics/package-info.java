/**
 * Evaluation metrics of anomaly detection with the semantics of scikit-learn and of the MVTec AD evaluation
 * script: {@link org.clipfusion.metrics.ImageMetrics} (exact image AUROC, AP, F1-max),
 * {@link org.clipfusion.metrics.PixelMetricsAccumulator} (pixel AUROC, F1-max and AUPRO of a whole category, fed
 * image by image in memory independent of the number of pixels, each value with a computable error bound),
 * {@link org.clipfusion.metrics.ExactPixelMetrics} (the same without binning, for small inputs) and
 * {@link org.clipfusion.metrics.MetricSummary} (mean and standard deviation over seeds).
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.clipfusion.metrics;

/**
 * Evaluation datasets: {@link org.clipfusion.datasets.Datasets#open} reads a dataset root in one of the
 * {@link org.clipfusion.datasets.DatasetLayout}s into {@link org.clipfusion.datasets.DatasetCategory}s of
 * {@link org.clipfusion.datasets.DatasetSample}s, {@link org.clipfusion.datasets.SampleImages} decodes their images
 * and masks, {@link org.clipfusion.datasets.FewShotSampler} draws seeded few-shot references, and
 * {@link org.clipfusion.datasets.SyntheticDatasetGenerator} writes small deterministic MVTec-layout datasets with exact
 * masks for tests and demonstrations. Plain Java; images go through the one decoder of
 * {@code org.clipfusion.tensor.image}.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.clipfusion.datasets;

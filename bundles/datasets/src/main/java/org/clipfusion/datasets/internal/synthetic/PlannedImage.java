package org.clipfusion.datasets.internal.synthetic;

/**
 * One image the generator will write, and the seeds that decide its pixels.
 *
 * @param imagePath  relative to the category folder, e.g. {@code test/scratch/001.png}
 * @param maskPath   relative to the category folder, e.g. {@code ground_truth/scratch/001_mask.png}; {@code null} for a
 *                   normal image
 * @param defect     the defect painted into it, {@code null} for a normal image
 * @param sceneSeed  seeds the normal rendering (pose, lighting, noise)
 * @param defectSeed seeds where and how the defect is painted
 */
public record PlannedImage(String imagePath, String maskPath, DefectType defect, long sceneSeed, long defectSeed) {
}

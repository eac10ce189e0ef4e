package org.clipfusion.datasets.internal.synthetic;

import org.clipfusion.tensor.image.RgbImage;

/**
 * An image with a painted defect and its exact mask.
 *
 * @param image the image
 * @param mask  row-major, {@code true} exactly where the defect changed the normal image
 */
public record DefectiveImage(RgbImage image, boolean[] mask) {
}

package org.clipfusion.datasets.internal.synthetic;

import org.clipfusion.tensor.image.RgbImage;

/**
 * One rendered defect-free image and what a defect painter needs to know about it.
 *
 * @param image   the normal image; every channel of every pixel lies in [{@link #LOW}, {@link #HIGH}], so that
 *                brightening or darkening a pixel always changes it
 * @param surface where defects may go: the part of an object scene, the whole of a texture
 * @param exposed what shows where material is missing: the background behind a part, a backing colour under a
 *                texture; it differs from {@code image} at every surface pixel
 */
record Scene(RgbImage image, boolean[] surface, RgbImage exposed) {
    static final int LOW = 30;
    static final int HIGH = 225;
}

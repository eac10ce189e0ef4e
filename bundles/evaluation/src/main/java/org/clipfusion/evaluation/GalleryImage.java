package org.clipfusion.evaluation;

import java.util.Objects;

/**
 * One image the report shows: among the highest-scored normal images (false-alarm candidates) or the
 * highest-scored anomalous ones.
 *
 * @param imageId   the sample id within its category, e.g. {@code test/crack/003.png}
 * @param anomalous the ground truth
 * @param score     the image score
 * @param overlay   the overlay PNG, relative to the output folder ('/' separators)
 */
public record GalleryImage(String imageId, boolean anomalous, double score, String overlay) {
    public GalleryImage {
        Objects.requireNonNull(imageId, "imageId");
        Objects.requireNonNull(overlay, "overlay");
    }
}

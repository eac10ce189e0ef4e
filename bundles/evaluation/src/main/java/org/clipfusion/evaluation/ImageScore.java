package org.clipfusion.evaluation;

import java.util.Objects;

/**
 * One inspected test image of a run.
 *
 * @param imageId   the sample id within its category
 * @param anomalous the ground truth
 * @param score     the detector's image score
 */
public record ImageScore(String imageId, boolean anomalous, double score) {
    public ImageScore {
        Objects.requireNonNull(imageId, "imageId");
    }
}

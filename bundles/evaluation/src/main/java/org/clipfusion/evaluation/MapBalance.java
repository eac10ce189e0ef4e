package org.clipfusion.evaluation;

import java.util.Objects;

/**
 * How one component map sits in the fusion over a run (every inspected image, on the evaluation grid, as the fusion
 * received it: resampled and scaled as the category says). Shows whether each branch counts, not whether it is right.
 *
 * @param role            the map's role, e.g. {@code DIFFUSION_LANGUAGE}
 * @param normalMin       smallest value on normal pixels (normal images, and pixels outside the masks)
 * @param normalMean      mean on normal pixels
 * @param normalMax       largest value on normal pixels
 * @param anomalousMin    smallest value on anomalous pixels; NaN when the run has none
 * @param anomalousMean   mean on anomalous pixels; NaN when the run has none
 * @param anomalousMax    largest value on anomalous pixels; NaN when the run has none
 * @param share           the map's weighted part of the paper's weighted sum over all pixels:
 *                        {@code Σ w·|M| / Σ_maps Σ w·|M|}, w = α for CLIP maps and 1 − α for diffusion maps (1 when
 *                        only one branch runs), α of segmentation
 */
public record MapBalance(String role, double normalMin, double normalMean, double normalMax, double anomalousMin,
                         double anomalousMean, double anomalousMax, double share) {
    public MapBalance {
        Objects.requireNonNull(role, "role");
    }
}

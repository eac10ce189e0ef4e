package org.clipfusion.engine.internal;

import java.util.Objects;

/**
 * How a category's pixel threshold is set: the value on the fused map above which a pixel counts as anomalous, for
 * masks. A different quantity from the image score, so it is set on its own: a value, or a target false-positive rate
 * over the pixels of normal images' maps (the fitted references', leave-one-out, or a folder's), computed during the
 * same fit as the image threshold.
 *
 * @param mode                    how it is set
 * @param value                   the value of {@link ThresholdMode#VALUE}; NaN otherwise
 * @param targetFalsePositiveRate for the calibrated modes: the share of normal pixels allowed above it
 */
record PixelThresholdSettings(ThresholdMode mode, double value, double targetFalsePositiveRate) {
    static final PixelThresholdSettings NONE = new PixelThresholdSettings(ThresholdMode.NONE, Double.NaN, 0.001);

    PixelThresholdSettings {
        Objects.requireNonNull(mode, "mode");
    }
}

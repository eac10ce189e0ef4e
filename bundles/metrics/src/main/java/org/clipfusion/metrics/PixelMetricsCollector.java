package org.clipfusion.metrics;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Pixel metrics of a category, fed one image at a time: {@link ExactPixelMetrics} keeps every pixel (small inputs,
 * error bounds 0), {@link PixelMetricsAccumulator} bins them (whole categories, bounded memory, stated error bounds).
 * Both take the same input and give the same {@link PixelMetrics}, so an evaluation can use either.
 */
@ProviderType
public interface PixelMetricsCollector {

    /**
     * Adds one image. A rejected image leaves the collector unchanged.
     *
     * @throws IllegalArgumentException when map and mask differ in size (naming both sizes, and saying so when they
     *                                  are the same size transposed), or a score is NaN, infinite or not accepted by
     *                                  the collector (naming the image and the pixel)
     */
    void add(ScoreMap map, GroundTruthMask mask);

    /**
     * The metrics of every image added so far.
     *
     * @throws IllegalStateException when no image was added
     */
    PixelMetrics result();

    /** How many images were added. */
    int images();
}

package org.clipfusion.metrics;

import java.util.Objects;
import org.clipfusion.metrics.internal.ImagePixels;

/**
 * One image's ground truth with its own size: row-major, {@code width} pixels per row, true for an anomalous pixel.
 *
 * @param anomalous row-major, {@code width * height} values (not copied)
 */
public record GroundTruthMask(boolean[] anomalous, int width, int height) {

    /** @throws IllegalArgumentException when the size is empty or does not match the number of pixels */
    public GroundTruthMask {
        Objects.requireNonNull(anomalous, "anomalous");
        ScoreMap.requireSize(anomalous.length, width, height, "mask entries");
    }

    /** A mask as read from a ground-truth PNG: any non-zero byte is anomalous. */
    public static GroundTruthMask ofBytes(byte[] mask, int width, int height) {
        return new GroundTruthMask(ImagePixels.toBooleans(mask), width, height);
    }
}

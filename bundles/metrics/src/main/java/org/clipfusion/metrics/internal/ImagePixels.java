package org.clipfusion.metrics.internal;

import java.util.Objects;

/** Walks the pixels of one checked image with the per-region overlap weight of each anomalous pixel. */
public final class ImagePixels {

    /** Receives the pixels of an image. */
    @FunctionalInterface
    public interface Sink {
        /** One pixel; {@code overlapWeight} is {@code 1 / |its region|} when anomalous, else 0. */
        void accept(float score, boolean anomalous, double overlapWeight);
    }

    private ImagePixels() {
    }

    /**
     * Labels the 8-connected regions of {@code mask} and hands every pixel to {@code sink}.
     *
     * @return the number of regions of this image
     */
    public static int feed(float[] scores, boolean[] mask, int width, int height, Sink sink) {
        ConnectedRegions regions = ConnectedRegions.of(mask, width, height);
        for (int i = 0; i < scores.length; i++) {
            int region = regions.label(i);
            sink.accept(scores[i], region != 0, region != 0 ? 1.0 / regions.size(region) : 0.0);
        }
        return regions.count();
    }

    /** A byte mask (as read from a ground-truth PNG) as booleans: any non-zero byte is anomalous. */
    public static boolean[] toBooleans(byte[] mask) {
        Objects.requireNonNull(mask, "mask");
        boolean[] anomalous = new boolean[mask.length];
        for (int i = 0; i < mask.length; i++) {
            anomalous[i] = mask[i] != 0;
        }
        return anomalous;
    }
}

package org.clipfusion.metrics;

import java.util.Objects;

/**
 * The first pass of the two-pass pixel evaluation: sees every image's scores once and reports their
 * {@link ScoreRange}, which the second pass gives to {@link PixelMetricsAccumulator}. Holds two numbers, whatever
 * the number of pixels. Not thread-safe.
 */
public final class ScoreRangeFinder {

    private float min = Float.POSITIVE_INFINITY;
    private float max = Float.NEGATIVE_INFINITY;
    private int images;

    /**
     * Takes one image's scores into account.
     *
     * @throws IllegalArgumentException on a NaN or infinite score, naming the image and the pixel index
     */
    public void add(float[] scores) {
        Objects.requireNonNull(scores, "scores");
        float imageMin = Float.POSITIVE_INFINITY;
        float imageMax = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < scores.length; i++) {
            float score = scores[i];
            if (!Float.isFinite(score)) {
                throw new IllegalArgumentException("image " + images + ", pixel " + i + " has score " + score);
            }
            imageMin = Math.min(imageMin, score);
            imageMax = Math.max(imageMax, score);
        }
        min = Math.min(min, imageMin);
        max = Math.max(max, imageMax);
        images++;
    }

    /**
     * The range of every score added so far.
     *
     * @throws IllegalStateException when no score was added
     */
    public ScoreRange range() {
        if (min > max) {
            throw new IllegalStateException("empty input: no score was added, so there is no range");
        }
        return new ScoreRange(min, max);
    }
}

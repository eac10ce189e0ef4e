package org.clipfusion.metrics.internal;

import java.util.Objects;

/** The argument checks every metric entry point shares, with messages that name the offending element. */
public final class InputChecks {

    private InputChecks() {
    }

    /** Rejects a missing or empty score array, or one whose length differs from {@code labelCount}. */
    public static void requireSameNonZeroLength(int scoreCount, int labelCount, String what) {
        if (scoreCount == 0) {
            throw new IllegalArgumentException("empty input: no " + what + " scores");
        }
        if (scoreCount != labelCount) {
            throw new IllegalArgumentException(
                    what + " scores and labels differ in length: " + scoreCount + " scores, " + labelCount + " labels");
        }
    }

    /** Rejects NaN and infinite scores, naming the first one's index (sklearn rejects them too). */
    public static void requireFinite(double[] scores, String what) {
        Objects.requireNonNull(scores, what + " scores");
        for (int i = 0; i < scores.length; i++) {
            if (!Double.isFinite(scores[i])) {
                throw new IllegalArgumentException(what + " score at index " + i + " is " + scores[i]);
            }
        }
    }

    /**
     * Checks one image of pixel scores and its mask: sizes agree with {@code width * height} and every score is
     * finite. Messages name the image and the pixel.
     */
    public static void requireImage(float[] scores, int maskLength, int width, int height, int image) {
        Objects.requireNonNull(scores, "scores");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image " + image + ": size " + width + "x" + height + " is empty");
        }
        long pixels = (long) width * height;
        if (scores.length != pixels || maskLength != pixels) {
            throw new IllegalArgumentException("image " + image + ": " + width + "x" + height + " = " + pixels
                    + " pixels, but " + scores.length + " scores and " + maskLength + " mask entries");
        }
        for (int i = 0; i < scores.length; i++) {
            float score = scores[i];
            if (!Float.isFinite(score)) {
                throw new IllegalArgumentException(pixelName(image, i, width) + " has score " + score);
            }
        }
    }

    /**
     * Checks one image's map against its mask: the same width and height, and finite scores. A map of the mask's
     * size transposed is named as such, because that is what a swapped width and height look like.
     */
    public static void requireImage(float[] scores, int scoreWidth, int scoreHeight, int maskWidth, int maskHeight,
            int image) {
        if (scoreWidth != maskWidth || scoreHeight != maskHeight) {
            String hint = scoreWidth == maskHeight && scoreHeight == maskWidth
                    ? " (width and height swapped?)" : "";
            throw new IllegalArgumentException("image " + image + ": map is " + scoreWidth + "x" + scoreHeight
                    + " (width x height) but its mask is " + maskWidth + "x" + maskHeight + hint);
        }
        requireImage(scores, scores.length, scoreWidth, scoreHeight, image);
    }

    /** Rejects a score outside {@code [min, max]}, naming the image and the pixel. */
    public static void requireInRange(float[] scores, int width, int image, double min, double max) {
        for (int i = 0; i < scores.length; i++) {
            if (scores[i] < min || scores[i] > max) {
                throw new IllegalArgumentException(pixelName(image, i, width) + " has score " + scores[i]
                        + " outside the declared range [" + min + ", " + max + "]");
            }
        }
    }

    private static String pixelName(int image, int index, int width) {
        return "image " + image + ", pixel " + index + " (x=" + index % width + ", y=" + index / width + ")";
    }
}

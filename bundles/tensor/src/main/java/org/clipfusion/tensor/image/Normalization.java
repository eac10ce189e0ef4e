package org.clipfusion.tensor.image;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Per-channel standardisation {@code (x - mean[c]) / std[c]}, torchvision's {@code Normalize(mean, std)}.
 *
 * <p>torchvision turns mean and std into float32 tensors of the image's type and subtracts and divides in
 * float32; this class does the same, so its results are bit-identical for float32 images.
 */
public final class Normalization {
    /** OpenAI CLIP's per-channel RGB means, also used by open_clip for OpenAI-style models. */
    public static final List<Double> OPENAI_CLIP_MEAN = List.of(0.48145466, 0.4578275, 0.40821073);
    /** OpenAI CLIP's per-channel RGB standard deviations. */
    public static final List<Double> OPENAI_CLIP_STD = List.of(0.26862954, 0.26130258, 0.27577711);

    /** The normalisation with OpenAI CLIP's constants. */
    public static final Normalization OPENAI_CLIP = new Normalization(
            OPENAI_CLIP_MEAN.stream().mapToDouble(Double::doubleValue).toArray(),
            OPENAI_CLIP_STD.stream().mapToDouble(Double::doubleValue).toArray());

    private final float[] mean;
    private final float[] std;

    /**
     * @param mean one value per channel
     * @param std  one non-zero value per channel
     */
    public Normalization(double[] mean, double[] std) {
        Objects.requireNonNull(mean, "mean");
        Objects.requireNonNull(std, "std");
        if (mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException("need one mean and one std per channel, got " + mean.length
                    + " means and " + std.length + " stds");
        }
        this.mean = new float[mean.length];
        this.std = new float[std.length];
        for (int c = 0; c < mean.length; c++) {
            if (std[c] == 0.0) {
                throw new IllegalArgumentException("std is zero for channel " + c + ": " + Arrays.toString(std));
            }
            this.mean[c] = (float) mean[c];
            this.std[c] = (float) std[c];
        }
    }

    /** The number of channels this normalisation expects. */
    public int channels() {
        return mean.length;
    }

    /** A normalised copy of {@code image}. */
    public FloatImage apply(FloatImage image) {
        FloatImage out = image.copy();
        applyInPlace(out);
        return out;
    }

    /** Normalises {@code image} in place. */
    public void applyInPlace(FloatImage image) {
        if (image.channels() != mean.length) {
            throw new IllegalArgumentException("normalisation for " + mean.length
                    + " channels applied to an image with " + image.channels());
        }
        float[] values = image.data();
        int plane = image.height() * image.width();
        for (int c = 0; c < mean.length; c++) {
            float channelMean = mean[c];
            float channelStd = std[c];
            for (int i = c * plane, end = i + plane; i < end; i++) {
                values[i] = (values[i] - channelMean) / channelStd;
            }
        }
    }
}

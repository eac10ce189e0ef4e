package org.clipfusion.tensor.image;

import java.util.Objects;

/**
 * PyTorch's {@code torch.nn.functional.interpolate(input, size=(outHeight, outWidth), mode=...)} on float32
 * CHW images or single-channel maps, following the CPU kernels of PyTorch 1.13 (no scale factors given, so
 * the scale of each axis is {@code in / out} in float32).
 *
 * <p>Every mode is separable: each output value along an axis is a weighted sum of a few source values. The
 * width is resampled first, then the height, in float32 arithmetic, and an axis whose size does not change is
 * copied untouched, as PyTorch does. Sizes follow PyTorch's {@code (height, width)} order.
 *
 * <p>Nearest is bit-exact, and the bilinear weights are PyTorch's bit for bit; results can still differ by an
 * ulp or two because PyTorch's vectorised CPU kernels round the sums differently. The antialiased weights
 * agree with PyTorch's to float32 rounding, which leaves outputs a few ulps apart.
 */
public final class TorchInterpolation {
    private TorchInterpolation() {
    }

    /** {@code mode="bilinear", align_corners=False, antialias=False}: two taps, no antialiasing when shrinking. */
    public static FloatImage bilinear(FloatImage image, int outHeight, int outWidth) {
        requirePositive(image, outHeight, outWidth);
        return resample(image, bilinearTaps(image.height(), outHeight), bilinearTaps(image.width(), outWidth));
    }

    /**
     * {@code mode="nearest"}: PyTorch's legacy nearest neighbour, source index
     * {@code min(floor(dst * (float) in / out), in - 1)} (not the pixel-centre rule of {@code "nearest-exact"}).
     */
    public static FloatImage nearest(FloatImage image, int outHeight, int outWidth) {
        requirePositive(image, outHeight, outWidth);
        return resample(image, nearestTaps(image.height(), outHeight), nearestTaps(image.width(), outWidth));
    }

    /**
     * {@code mode="bicubic", align_corners=False, antialias=True}: Pillow-style cubic kernel (a = -0.5) stretched
     * by the scale factor when shrinking.
     */
    public static FloatImage bicubicAntialiased(FloatImage image, int outHeight, int outWidth) {
        requirePositive(image, outHeight, outWidth);
        return resample(image, antialiasTaps(image.height(), outHeight, PilFilter.BICUBIC),
                antialiasTaps(image.width(), outWidth, PilFilter.BICUBIC));
    }

    /** {@code mode="bilinear", align_corners=False, antialias=True}: triangle kernel stretched when shrinking. */
    public static FloatImage bilinearAntialiased(FloatImage image, int outHeight, int outWidth) {
        requirePositive(image, outHeight, outWidth);
        return resample(image, antialiasTaps(image.height(), outHeight, PilFilter.BILINEAR),
                antialiasTaps(image.width(), outWidth, PilFilter.BILINEAR));
    }

    private static void requirePositive(FloatImage image, int outHeight, int outWidth) {
        Objects.requireNonNull(image, "image");
        if (outHeight <= 0 || outWidth <= 0) {
            throw new IllegalArgumentException("output size must be positive, got " + outHeight + "x" + outWidth);
        }
    }

    private static FloatImage resample(FloatImage image, AxisTaps rows, AxisTaps columns) {
        FloatImage result = image;
        if (columns.outSize != image.width()) {
            result = resampleWidth(result, columns);
        }
        if (rows.outSize != image.height()) {
            result = resampleHeight(result, rows);
        }
        return result == image ? image.copy() : result;
    }

    private static FloatImage resampleWidth(FloatImage in, AxisTaps taps) {
        int outWidth = taps.outSize;
        int rows = in.channels() * in.height();
        float[] src = in.data();
        float[] dst = new float[rows * outWidth];
        for (int row = 0; row < rows; row++) {
            int srcRow = row * in.width();
            for (int x = 0; x < outWidth; x++) {
                int tap = x * taps.maxTaps;
                float sum = src[srcRow + taps.index[tap]] * taps.weight[tap];
                for (int k = 1; k < taps.count[x]; k++) {
                    sum += src[srcRow + taps.index[tap + k]] * taps.weight[tap + k];
                }
                dst[row * outWidth + x] = sum;
            }
        }
        return new FloatImage(in.channels(), in.height(), outWidth, dst);
    }

    private static FloatImage resampleHeight(FloatImage in, AxisTaps taps) {
        int outHeight = taps.outSize;
        int width = in.width();
        float[] src = in.data();
        float[] dst = new float[in.channels() * outHeight * width];
        for (int c = 0; c < in.channels(); c++) {
            int srcPlane = c * in.height() * width;
            int dstPlane = c * outHeight * width;
            for (int y = 0; y < outHeight; y++) {
                int tap = y * taps.maxTaps;
                int firstRow = srcPlane + taps.index[tap] * width;
                float firstWeight = taps.weight[tap];
                int dstRow = dstPlane + y * width;
                for (int x = 0; x < width; x++) {
                    dst[dstRow + x] = src[firstRow + x] * firstWeight;
                }
                for (int k = 1; k < taps.count[y]; k++) {
                    int srcRow = srcPlane + taps.index[tap + k] * width;
                    float weight = taps.weight[tap + k];
                    for (int x = 0; x < width; x++) {
                        dst[dstRow + x] += src[srcRow + x] * weight;
                    }
                }
            }
        }
        return new FloatImage(in.channels(), outHeight, width, dst);
    }

    /** PyTorch's {@code compute_source_index_and_lambda} for linear interpolation without corner alignment. */
    private static AxisTaps bilinearTaps(int inSize, int outSize) {
        AxisTaps taps = new AxisTaps(outSize, 2);
        float scale = (float) inSize / outSize;
        for (int i = 0; i < outSize; i++) {
            // The source position stays in double (float scale times a double); only the fraction is rounded
            // to float. Checked against PyTorch 1.13's weights for every size pair up to 40 -> 60.
            double source = Math.max(scale * (i + 0.5) - 0.5, 0.0);
            int index0 = (int) source;
            int index1 = index0 < inSize - 1 ? index0 + 1 : index0;
            float lambda1 = (float) (source - index0);
            taps.set(i, 0, index0, 1.0f - lambda1);
            taps.set(i, 1, index1, lambda1);
            taps.count[i] = 2;
        }
        return taps;
    }

    private static AxisTaps nearestTaps(int inSize, int outSize) {
        AxisTaps taps = new AxisTaps(outSize, 1);
        float scale = (float) inSize / outSize;
        for (int i = 0; i < outSize; i++) {
            // The product is a float product, as in PyTorch's floorf(dst_index * scale).
            int index = Math.min((int) Math.floor(i * scale), inSize - 1);
            taps.set(i, 0, index, 1.0f);
            taps.count[i] = 1;
        }
        return taps;
    }

    /**
     * PyTorch's {@code _compute_weights_aa}: Pillow's kernel placement, with PyTorch's float32 variables (the
     * casts below mirror where PyTorch stores a double expression into a float).
     */
    private static AxisTaps antialiasTaps(int inSize, int outSize, PilFilter filter) {
        float scale = (float) inSize / outSize;
        float support = (float) (scale >= 1.0f ? filter.support() * scale : filter.support());
        float inverseScale = scale >= 1.0f ? (float) (1.0 / scale) : 1.0f;
        AxisTaps taps = new AxisTaps(outSize, (int) Math.ceil(support) * 2 + 1);
        float[] kernel = new float[taps.maxTaps];
        for (int i = 0; i < outSize; i++) {
            float center = (float) (scale * (i + 0.5));
            int min = Math.max((int) (center - support + 0.5), 0);
            int count = Math.min((int) (center + support + 0.5), inSize) - min;
            float total = 0.0f;
            for (int k = 0; k < count; k++) {
                kernel[k] = (float) filter.weight((float) ((k + min - center + 0.5) * inverseScale));
                total += kernel[k];
            }
            for (int k = 0; k < count; k++) {
                taps.set(i, k, min + k, total != 0.0f ? kernel[k] / total : kernel[k]);
            }
            taps.count[i] = count;
        }
        return taps;
    }

    /**
     * For each output position along one axis, up to {@code maxTaps} source indices and their weights; output
     * {@code i} uses entries {@code i * maxTaps} to {@code i * maxTaps + count[i] - 1}.
     */
    private static final class AxisTaps {
        final int outSize;
        final int maxTaps;
        final int[] count;
        final int[] index;
        final float[] weight;

        AxisTaps(int outSize, int maxTaps) {
            this.outSize = outSize;
            this.maxTaps = maxTaps;
            this.count = new int[outSize];
            this.index = new int[outSize * maxTaps];
            this.weight = new float[outSize * maxTaps];
        }

        void set(int output, int tap, int sourceIndex, float tapWeight) {
            index[output * maxTaps + tap] = sourceIndex;
            weight[output * maxTaps + tap] = tapWeight;
        }
    }
}

package org.clipfusion.tensor.image;

import java.util.Objects;

/**
 * Pillow's {@code Image.resize(size, filter)} for 8-bit RGB images: the algorithm of Pillow 7 to 9.x, checked
 * bit-exact against Pillow 9.4 for every filter.
 *
 * <p>Like Pillow, the convolution filters are applied separably, the horizontal pass first, and when shrinking
 * the kernel is stretched by the scale factor, which antialiases. Weights are normalised to sum 1 in double,
 * turned into 22-bit fixed point, and each sum starts at one half so that the final shift rounds; results are
 * clipped to 0..255 after every pass, as Pillow's 8-bit path does. {@link PilFilter#NEAREST} picks the source
 * pixel under each output pixel's centre, stepping through the source as Pillow's affine scaler does.
 */
public final class PilResampler {
    /** Fractional bits of Pillow's fixed-point weights for 8-bit images (32 - 8 - 2). */
    private static final int PRECISION_BITS = 22;
    private static final int ROUNDING_HALF = 1 << (PRECISION_BITS - 1);
    private static final int CHANNELS = 3;

    private PilResampler() {
    }

    /**
     * Resizes to {@code width x height} (Pillow's {@code (width, height)} order).
     *
     * @return a new image, or a copy when the size is unchanged (Pillow returns {@code self.copy()})
     */
    public static RgbImage resize(RgbImage source, int width, int height, PilFilter filter) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(filter, "filter");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("target size must be positive, got " + width + "x" + height);
        }
        if (width == source.width() && height == source.height()) {
            return new RgbImage(width, height, source.rgbBytes().clone());
        }
        if (filter == PilFilter.NEAREST) {
            return resizeNearest(source, width, height);
        }
        RgbImage image = source;
        // Pillow skips a pass whose axis keeps its size; running it would be the identity anyway.
        if (width != image.width()) {
            image = resampleHorizontally(image, width, new Coefficients(image.width(), width, filter));
        }
        if (height != image.height()) {
            image = resampleVertically(image, height, new Coefficients(image.height(), height, filter));
        }
        return image;
    }

    private static RgbImage resampleHorizontally(RgbImage in, int outWidth, Coefficients coefficients) {
        int height = in.height();
        int inWidth = in.width();
        byte[] src = in.rgbBytes();
        byte[] out = new byte[CHANNELS * outWidth * height];
        for (int y = 0; y < height; y++) {
            int rowStart = y * inWidth;
            for (int x = 0; x < outWidth; x++) {
                int first = coefficients.first[x];
                int count = coefficients.count[x];
                int weightsStart = x * coefficients.kernelSize;
                for (int c = 0; c < CHANNELS; c++) {
                    int sum = ROUNDING_HALF;
                    for (int k = 0; k < count; k++) {
                        sum += (src[CHANNELS * (rowStart + first + k) + c] & 0xFF)
                                * coefficients.weights[weightsStart + k];
                    }
                    out[CHANNELS * (y * outWidth + x) + c] = clip8(sum);
                }
            }
        }
        return new RgbImage(outWidth, height, out);
    }

    private static RgbImage resampleVertically(RgbImage in, int outHeight, Coefficients coefficients) {
        int width = in.width();
        byte[] src = in.rgbBytes();
        byte[] out = new byte[CHANNELS * width * outHeight];
        int rowLength = CHANNELS * width;
        for (int y = 0; y < outHeight; y++) {
            int first = coefficients.first[y];
            int count = coefficients.count[y];
            int weightsStart = y * coefficients.kernelSize;
            for (int i = 0; i < rowLength; i++) {
                int sum = ROUNDING_HALF;
                for (int k = 0; k < count; k++) {
                    sum += (src[(first + k) * rowLength + i] & 0xFF) * coefficients.weights[weightsStart + k];
                }
                out[y * rowLength + i] = clip8(sum);
            }
        }
        return new RgbImage(width, outHeight, out);
    }

    /** Drops the fixed-point fraction, saturating to 0..255 (Pillow's {@code clip8}). */
    private static byte clip8(int fixedPoint) {
        if (fixedPoint >= (255 + 1) << PRECISION_BITS) {
            return (byte) 255;
        }
        if (fixedPoint <= 0) {
            return 0;
        }
        return (byte) (fixedPoint >> PRECISION_BITS);
    }

    private static RgbImage resizeNearest(RgbImage in, int outWidth, int outHeight) {
        int[] sourceColumns = nearestSourceIndices(in.width(), outWidth);
        int[] sourceRows = nearestSourceIndices(in.height(), outHeight);
        byte[] src = in.rgbBytes();
        byte[] out = new byte[CHANNELS * outWidth * outHeight];
        for (int y = 0; y < outHeight; y++) {
            for (int x = 0; x < outWidth; x++) {
                System.arraycopy(src, CHANNELS * (sourceRows[y] * in.width() + sourceColumns[x]),
                        out, CHANNELS * (y * outWidth + x), CHANNELS);
            }
        }
        return new RgbImage(outWidth, outHeight, out);
    }

    /**
     * Source index of each output pixel for nearest-neighbour scaling. Pillow accumulates the position by
     * repeated addition rather than multiplying, and the rounding of that sum decides ties, so do the same.
     */
    private static int[] nearestSourceIndices(int inSize, int outSize) {
        double step = (double) inSize / outSize;
        double position = step * 0.5;
        int[] indices = new int[outSize];
        for (int i = 0; i < outSize; i++) {
            // Positions are never negative here and always below inSize, so truncation is Pillow's COORD.
            indices[i] = Math.min((int) position, inSize - 1);
            position += step;
        }
        return indices;
    }

    /**
     * Pillow's per-output-pixel kernels along one axis ({@code precompute_coeffs} followed by
     * {@code normalize_coeffs_8bpc}): for output pixel {@code i}, source pixels {@code first[i]} to
     * {@code first[i] + count[i] - 1} with fixed-point weights at {@code weights[i * kernelSize + k]}.
     */
    private static final class Coefficients {
        final int kernelSize;
        final int[] first;
        final int[] count;
        final int[] weights;

        Coefficients(int inSize, int outSize, PilFilter filter) {
            double scale = (double) inSize / outSize;
            // Only shrinking stretches the kernel; enlarging keeps it at its natural width.
            double filterScale = Math.max(scale, 1.0);
            double support = filter.support() * filterScale;
            double inverseFilterScale = 1.0 / filterScale;
            kernelSize = (int) Math.ceil(support) * 2 + 1;
            first = new int[outSize];
            count = new int[outSize];
            weights = new int[outSize * kernelSize];
            double[] kernel = new double[kernelSize];
            for (int i = 0; i < outSize; i++) {
                double center = (i + 0.5) * scale;
                // (int) truncates toward zero, as Pillow's C casts do, before the clamps.
                int min = Math.max((int) (center - support + 0.5), 0);
                int max = Math.min((int) (center + support + 0.5), inSize);
                int n = max - min;
                double total = 0.0;
                for (int k = 0; k < n; k++) {
                    double w = filter.weight((k + min - center + 0.5) * inverseFilterScale);
                    kernel[k] = w;
                    total += w;
                }
                for (int k = 0; k < n; k++) {
                    double normalised = total != 0.0 ? kernel[k] / total : kernel[k];
                    weights[i * kernelSize + k] = toFixedPoint(normalised);
                }
                first[i] = min;
                count[i] = n;
            }
        }

        /** Rounds half away from zero into 22-bit fixed point, as {@code normalize_coeffs_8bpc} does. */
        private static int toFixedPoint(double weight) {
            double scaled = weight * (1 << PRECISION_BITS);
            return (int) (weight < 0 ? scaled - 0.5 : scaled + 0.5);
        }
    }
}

package org.clipfusion.tensor.image;

import java.util.Objects;

/**
 * {@code scipy.ndimage.gaussian_filter(map, sigma=(sigmaY, sigmaX), truncate=truncate, mode="reflect")} on
 * float32 maps, as anomaly-map post-processing uses it.
 *
 * <p>As in scipy, the blur is separable: rows are filtered along axis 0 (down the columns) first, the result is
 * stored as float32 (scipy writes into an output of the input's type), then axis 1 is filtered. Each 1-D kernel
 * has radius {@code int(truncate * sigma + 0.5)} and weights {@code exp(-x^2 / (2 sigma^2))} normalised to sum 1;
 * sums are taken in double. Beyond the edges the map is mirrored with the edge sample repeated
 * ({@code d c b a | a b c d | d c b a}), periodically, so kernels wider than the map are fine. An axis with
 * sigma at most 1e-15 is left alone, as scipy does.
 */
public final class GaussianBlur {
    /** scipy's default {@code truncate}: the kernel reaches out to four standard deviations. */
    public static final double DEFAULT_TRUNCATE = 4.0;
    private static final double NEGLIGIBLE_SIGMA = 1e-15;

    private final double[] kernelY;
    private final double[] kernelX;

    /** The same sigma along both axes, truncated at four sigmas. */
    public GaussianBlur(double sigma) {
        this(sigma, sigma, DEFAULT_TRUNCATE);
    }

    /**
     * @param sigmaY   standard deviation along the height (scipy's axis 0), in pixels
     * @param sigmaX   standard deviation along the width (axis 1), in pixels
     * @param truncate kernel radius in standard deviations
     */
    public GaussianBlur(double sigmaY, double sigmaX, double truncate) {
        if (!(sigmaY >= 0) || !(sigmaX >= 0) || !(truncate >= 0)) {
            throw new IllegalArgumentException("sigma and truncate must be non-negative, got sigma=(" + sigmaY
                    + ", " + sigmaX + ") truncate=" + truncate);
        }
        this.kernelY = halfKernel(sigmaY, truncate);
        this.kernelX = halfKernel(sigmaX, truncate);
    }

    /** Kernel radius along the height; -1 when that axis is not filtered. */
    public int radiusY() {
        return kernelY == null ? -1 : kernelY.length - 1;
    }

    /** Kernel radius along the width; -1 when that axis is not filtered. */
    public int radiusX() {
        return kernelX == null ? -1 : kernelX.length - 1;
    }

    /** A blurred copy of a row-major {@code height x width} map. */
    public float[] apply(float[] map, int height, int width) {
        Objects.requireNonNull(map, "map");
        if (height <= 0 || width <= 0 || map.length != (long) height * width) {
            throw new IllegalArgumentException("map of " + map.length + " values is not " + height + "x" + width);
        }
        float[] out = map.clone();
        blurPlane(out, 0, height, width);
        return out;
    }

    /** A copy of {@code image} with every channel blurred independently (no blurring across channels). */
    public FloatImage apply(FloatImage image) {
        FloatImage out = image.copy();
        int plane = image.height() * image.width();
        for (int c = 0; c < image.channels(); c++) {
            blurPlane(out.data(), c * plane, image.height(), image.width());
        }
        return out;
    }

    private void blurPlane(float[] values, int offset, int height, int width) {
        if (kernelY != null) {
            double[] line = new double[height];
            double[] padded = new double[height + 2 * radiusY()];
            for (int x = 0; x < width; x++) {
                for (int y = 0; y < height; y++) {
                    line[y] = values[offset + y * width + x];
                }
                correlate(line, padded, kernelY);
                for (int y = 0; y < height; y++) {
                    values[offset + y * width + x] = (float) line[y];
                }
            }
        }
        if (kernelX != null) {
            double[] line = new double[width];
            double[] padded = new double[width + 2 * radiusX()];
            for (int y = 0; y < height; y++) {
                int row = offset + y * width;
                for (int x = 0; x < width; x++) {
                    line[x] = values[row + x];
                }
                correlate(line, padded, kernelX);
                for (int x = 0; x < width; x++) {
                    values[row + x] = (float) line[x];
                }
            }
        }
    }

    /**
     * Replaces {@code line} by its correlation with the symmetric kernel whose centre and right half are
     * {@code half}. Pairs of samples equally far from the centre are added first, outermost pair first, as
     * scipy's {@code NI_Correlate1D} does for symmetric weights.
     */
    private static void correlate(double[] line, double[] padded, double[] half) {
        int radius = half.length - 1;
        int n = line.length;
        for (int i = 0; i < padded.length; i++) {
            padded[i] = line[reflect(i - radius, n)];
        }
        for (int i = 0; i < n; i++) {
            int center = i + radius;
            double sum = padded[center] * half[0];
            for (int j = radius; j >= 1; j--) {
                sum += (padded[center - j] + padded[center + j]) * half[j];
            }
            line[i] = sum;
        }
    }

    /** scipy's {@code reflect} boundary: index into a line of {@code n} samples mirrored with period 2n. */
    static int reflect(int index, int n) {
        int period = 2 * n;
        int folded = Math.floorMod(index, period);
        return folded < n ? folded : period - 1 - folded;
    }

    /**
     * The centre and right half of scipy's {@code _gaussian_kernel1d}, or null when sigma is negligible and the
     * axis is skipped.
     */
    static double[] halfKernel(double sigma, double truncate) {
        if (sigma <= NEGLIGIBLE_SIGMA) {
            return null;
        }
        int radius = (int) (truncate * sigma + 0.5);
        double exponentScale = -0.5 / (sigma * sigma);
        double[] half = new double[radius + 1];
        double total = 0.0;
        for (int x = 0; x <= radius; x++) {
            // numpy's Polynomial evaluates c2 * x^2 by Horner's rule as (c2 * x) * x; keep that rounding.
            half[x] = Math.exp(exponentScale * x * x);
            total += x == 0 ? half[x] : 2 * half[x];
        }
        for (int x = 0; x <= radius; x++) {
            half[x] /= total;
        }
        return half;
    }
}

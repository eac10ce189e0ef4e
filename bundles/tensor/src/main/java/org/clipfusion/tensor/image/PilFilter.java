package org.clipfusion.tensor.image;

/**
 * The resampling filters of Pillow's {@code Image.resize}, with the kernels and supports of Pillow's
 * {@code Resample.c} (Pillow 7 to 9.x). {@link #NEAREST} has no kernel: Pillow resizes with it by picking the
 * source pixel under each output pixel's centre.
 */
public enum PilFilter {
    /** {@code Image.NEAREST}: no interpolation. */
    NEAREST(0.0),
    /** {@code Image.BOX}: each output pixel averages the source pixels it covers. */
    BOX(0.5),
    /** {@code Image.BILINEAR}: triangle kernel. */
    BILINEAR(1.0),
    /** {@code Image.HAMMING}: Hamming-windowed sinc with support 1. */
    HAMMING(1.0),
    /** {@code Image.BICUBIC}: Keys cubic convolution with a = -0.5 (not the -0.75 of OpenCV and PyTorch). */
    BICUBIC(2.0),
    /** {@code Image.LANCZOS}: Lanczos window with three lobes. */
    LANCZOS(3.0);

    private static final double CUBIC_A = -0.5;

    private final double support;

    PilFilter(double support) {
        this.support = support;
    }

    /** Half-width of the kernel in source pixels when not downscaling. */
    double support() {
        return support;
    }

    /** The kernel's weight at distance {@code x} (in unscaled source pixels) from the sample centre. */
    double weight(double x) {
        switch (this) {
            case BOX:
                // Half-open interval so that a pixel boundary belongs to exactly one output pixel.
                return x > -0.5 && x <= 0.5 ? 1.0 : 0.0;
            case BILINEAR: {
                double d = Math.abs(x);
                return d < 1.0 ? 1.0 - d : 0.0;
            }
            case HAMMING: {
                double d = Math.abs(x);
                if (d == 0.0) {
                    return 1.0;
                }
                if (d >= 1.0) {
                    return 0.0;
                }
                d = d * Math.PI;
                // Pillow writes the window's constants as C float literals; keep their float values.
                return Math.sin(d) / d * (0.54f + 0.46f * Math.cos(d));
            }
            case BICUBIC: {
                double d = Math.abs(x);
                if (d < 1.0) {
                    return ((CUBIC_A + 2.0) * d - (CUBIC_A + 3.0)) * d * d + 1;
                }
                if (d < 2.0) {
                    return (((d - 5) * d + 8) * d - 4) * CUBIC_A;
                }
                return 0.0;
            }
            case LANCZOS:
                return -3.0 <= x && x < 3.0 ? sinc(x) * sinc(x / 3) : 0.0;
            default:
                throw new IllegalStateException(this + " has no convolution kernel");
        }
    }

    private static double sinc(double x) {
        if (x == 0.0) {
            return 1.0;
        }
        double px = x * Math.PI;
        return Math.sin(px) / px;
    }
}

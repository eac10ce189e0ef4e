package org.clipfusion.tensor.image;

/**
 * torchvision's {@code Resize(S)} with an integer size on a PIL image: the shorter side becomes {@code S}, the
 * longer one {@code int(S * long / short)} (truncated, so the aspect ratio is not rounded), and the pixels are
 * resampled by Pillow. This is the first step of the CLIP / open_clip evaluation transform.
 */
public final class ShorterSideResize {
    private ShorterSideResize() {
    }

    /**
     * The size torchvision computes for {@code Resize(shorterSide)}. A square image counts as portrait (width is
     * the shorter side), as in torchvision, which makes no difference to the result.
     */
    public static ImageSize outputSize(int width, int height, int shorterSide) {
        if (width <= 0 || height <= 0 || shorterSide <= 0) {
            throw new IllegalArgumentException("sizes must be positive, got " + width + "x" + height
                    + " -> " + shorterSide);
        }
        boolean portrait = width <= height;
        int shortSide = portrait ? width : height;
        int longSide = portrait ? height : width;
        // Python evaluates int(S * long / short) as an exact integer product, a correctly rounded true
        // division to double, then truncation; the product of two ints is exact in a long and below 2^53.
        int newLong = (int) ((double) ((long) shorterSide * longSide) / shortSide);
        return portrait ? new ImageSize(shorterSide, newLong) : new ImageSize(newLong, shorterSide);
    }

    /** Resizes so that the shorter side is {@code shorterSide}, resampling with Pillow's {@code filter}. */
    public static RgbImage resize(RgbImage image, int shorterSide, PilFilter filter) {
        ImageSize size = outputSize(image.width(), image.height(), shorterSide);
        // torchvision hands the image back untouched when the size already matches; Pillow would copy it.
        if (size.width() == image.width() && size.height() == image.height()) {
            return image;
        }
        return PilResampler.resize(image, size.width(), size.height(), filter);
    }
}

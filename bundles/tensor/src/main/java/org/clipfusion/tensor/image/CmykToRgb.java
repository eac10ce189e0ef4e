package org.clipfusion.tensor.image;

import java.awt.image.Raster;

/**
 * CMYK and Adobe YCCK to RGB, exactly as Pillow 9.4 (Debian 12) computes {@code Image.convert("RGB")} of a CMYK image:
 * no colour management, {@code R = round((255 - C) * (255 - K) / 255)}, likewise G from M and B from Y. (Older
 * Pillow used {@code 255 - min(255, C + K)}; the fixtures check the formula against the installed Pillow.)
 *
 * <p>JPEG specifics, also as Pillow/libjpeg handle them: a 4-component JPEG is assumed to store inverted CMYK (the
 * Adobe convention Photoshop and Pillow write) whether or not it has an Adobe APP14 segment; with an APP14 transform
 * other than 0 it stores YCCK, i.e. YCbCr of the inverted CMYK's "RGB" plus the inverted black, which libjpeg (and
 * here {@link #fromYcckJpeg}) turns back into CMYK with the standard JFIF YCbCr equations in 16-bit fixed point.
 */
final class CmykToRgb {
    private static final int SCALE_BITS = 16;
    private static final int ONE_HALF = 1 << (SCALE_BITS - 1);
    private static final int CR_TO_R = fixedPoint(1.40200);
    private static final int CB_TO_B = fixedPoint(1.77200);
    private static final int CR_TO_G = fixedPoint(0.71414);
    private static final int CB_TO_G = fixedPoint(0.34414);

    private CmykToRgb() {
    }

    /** CMYK as stored in TIFF: 0 = no ink. */
    static byte[] fromCmyk(Raster raster) {
        return convert(raster, false);
    }

    /** CMYK as stored in JPEG: inverted, 255 = no ink. */
    static byte[] fromInvertedCmykJpeg(Raster raster) {
        return convert(raster, true);
    }

    /** The raw (unconverted) Y, Cb, Cr, inverted-K samples of an Adobe YCCK JPEG. */
    static byte[] fromYcckJpeg(Raster raster) {
        int width = raster.getWidth();
        int height = raster.getHeight();
        byte[] rgb = new byte[3 * width * height];
        int[] pixel = new int[4];
        int out = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                raster.getPixel(raster.getMinX() + x, raster.getMinY() + y, pixel);
                int luma = pixel[0];
                int blueDiff = pixel[1] - 128;
                int redDiff = pixel[2] - 128;
                // The inverted CMYK was encoded as if it were RGB, so the decoded "RGB" is 255 - stored = C, M, Y.
                int cyan = clamp(luma + ((CR_TO_R * redDiff + ONE_HALF) >> SCALE_BITS));
                int magenta = clamp(luma + ((-CB_TO_G * blueDiff - CR_TO_G * redDiff + ONE_HALF) >> SCALE_BITS));
                int yellow = clamp(luma + ((CB_TO_B * blueDiff + ONE_HALF) >> SCALE_BITS));
                int black = 255 - pixel[3];
                rgb[out++] = (byte) channel(cyan, black);
                rgb[out++] = (byte) channel(magenta, black);
                rgb[out++] = (byte) channel(yellow, black);
            }
        }
        return rgb;
    }

    /** One RGB channel from its ink and black, both 0..255 with 0 = no ink. */
    static int channel(int ink, int black) {
        int product = (255 - ink) * (255 - black);
        // round(product / 255); product / 255 never ends in exactly .5, so this is unambiguous.
        return (product + 127) / 255;
    }

    private static byte[] convert(Raster raster, boolean inverted) {
        int width = raster.getWidth();
        int height = raster.getHeight();
        byte[] rgb = new byte[3 * width * height];
        int[] pixel = new int[raster.getNumBands()];
        int out = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                raster.getPixel(raster.getMinX() + x, raster.getMinY() + y, pixel);
                int black = ink(pixel[3], raster, 3, inverted);
                for (int c = 0; c < 3; c++) {
                    rgb[out++] = (byte) channel(ink(pixel[c], raster, c, inverted), black);
                }
            }
        }
        return rgb;
    }

    private static int ink(int sample, Raster raster, int band, boolean inverted) {
        int value = SampleDepth.to8Bit(sample, raster.getSampleModel().getSampleSize(band));
        return inverted ? 255 - value : value;
    }

    private static int clamp(int value) {
        return Math.max(0, Math.min(255, value));
    }

    private static int fixedPoint(double value) {
        return (int) (value * (1 << SCALE_BITS) + 0.5);
    }
}

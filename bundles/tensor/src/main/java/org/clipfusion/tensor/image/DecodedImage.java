package org.clipfusion.tensor.image;

import java.util.Objects;

/**
 * A decoded image together with what the file held.
 *
 * @param image         the pixels as 8-bit RGB
 * @param format        the container format in lower case: {@code "png"}, {@code "jpeg"}, {@code "bmp"},
 *                      {@code "tiff"}, or another name an installed ImageIO reader reports
 * @param bitsPerSample bits of one stored sample before reduction to 8 (16 for 16-bit PNG/TIFF); for palette images
 *                      the bits of one palette index
 * @param layout        how the colours were stored
 */
public record DecodedImage(RgbImage image, String format, int bitsPerSample, ColourLayout layout) {
    public DecodedImage {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(layout, "layout");
    }
}

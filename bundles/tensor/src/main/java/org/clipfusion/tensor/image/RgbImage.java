package org.clipfusion.tensor.image;

import java.util.Objects;

/**
 * A decoded picture as 8-bit RGB, row-major and interleaved ({@code r,g,b,r,g,b,...}), the form PIL's
 * {@code convert("RGB")} produces and every model preprocessing starts from.
 */
public final class RgbImage {
    private final int width;
    private final int height;
    private final byte[] rgb;

    /**
     * @param rgb interleaved RGB bytes, {@code 3 * width * height} of them; the array is taken over, not copied
     */
    public RgbImage(int width, int height, byte[] rgb) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        Objects.requireNonNull(rgb, "rgb");
        if (rgb.length != 3L * width * height) {
            throw new IllegalArgumentException("expected " + 3L * width * height + " RGB bytes for "
                    + width + "x" + height + ", got " + rgb.length);
        }
        this.width = width;
        this.height = height;
        this.rgb = rgb;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Channel {@code c} (0 = red) of pixel ({@code x}, {@code y}) as 0..255. */
    public int sample(int x, int y, int c) {
        return rgb[3 * (y * width + x) + c] & 0xFF;
    }

    /** A copy of the rectangle at ({@code x}, {@code y}) of the given size, which must lie inside the image. */
    public RgbImage region(int x, int y, int regionWidth, int regionHeight) {
        if (x < 0 || y < 0 || regionWidth <= 0 || regionHeight <= 0 || x + regionWidth > width
                || y + regionHeight > height) {
            throw new IllegalArgumentException("region " + regionWidth + "x" + regionHeight + " at (" + x + ", " + y
                    + ") does not lie inside a " + width + "x" + height + " image");
        }
        byte[] out = new byte[3 * regionWidth * regionHeight];
        for (int row = 0; row < regionHeight; row++) {
            System.arraycopy(rgb, 3 * ((y + row) * width + x), out, 3 * row * regionWidth, 3 * regionWidth);
        }
        return new RgbImage(regionWidth, regionHeight, out);
    }

    /** The backing interleaved bytes; callers must not modify them. */
    public byte[] rgbBytes() {
        return rgb;
    }
}

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

    /** The backing interleaved bytes; callers must not modify them. */
    public byte[] rgbBytes() {
        return rgb;
    }
}

package org.clipfusion.tensor.image;

import java.util.Objects;

/**
 * A float32 image in PyTorch's planar CHW layout: {@code channels} planes of {@code height} rows of
 * {@code width} values. A single-channel image doubles as a 2-D float map (an anomaly map, a mask).
 *
 * <p>The value of channel {@code c} at row {@code y}, column {@code x} is at index
 * {@code (c * height + y) * width + x} of {@link #data()}, exactly as in a contiguous {@code torch.Tensor}.
 */
public final class FloatImage {
    private final int channels;
    private final int height;
    private final int width;
    private final float[] data;

    /**
     * @param data {@code channels * height * width} values in CHW order; the array is taken over, not copied
     */
    public FloatImage(int channels, int height, int width, float[] data) {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("image dimensions must be positive, got channels=" + channels
                    + " height=" + height + " width=" + width);
        }
        Objects.requireNonNull(data, "data");
        if (data.length != (long) channels * height * width) {
            throw new IllegalArgumentException("expected " + (long) channels * height * width + " values for "
                    + channels + "x" + height + "x" + width + ", got " + data.length);
        }
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.data = data;
    }

    /** An all-zero image. */
    public static FloatImage zeros(int channels, int height, int width) {
        return new FloatImage(channels, height, width,
                new float[Math.multiplyExact(channels, Math.multiplyExact(height, width))]);
    }

    /** A single-channel image over a row-major {@code height x width} map; the array is taken over. */
    public static FloatImage ofMap(int height, int width, float[] map) {
        return new FloatImage(1, height, width, map);
    }

    /**
     * The picture as torchvision's {@code ToTensor} gives it: CHW, each 8-bit sample divided by 255 in float32
     * (bit-identical to {@code tensor.float().div(255)}).
     */
    public static FloatImage fromRgb(RgbImage image) {
        int h = image.height();
        int w = image.width();
        byte[] rgb = image.rgbBytes();
        float[] planes = new float[3 * h * w];
        int plane = h * w;
        for (int pixel = 0; pixel < plane; pixel++) {
            for (int c = 0; c < 3; c++) {
                planes[c * plane + pixel] = (rgb[3 * pixel + c] & 0xFF) / 255f;
            }
        }
        return new FloatImage(3, h, w, planes);
    }

    /**
     * Back to 8-bit RGB: each value times 255, clamped to 0..255 and rounded to the nearest level (halves up).
     * Needs exactly three channels.
     */
    public RgbImage toRgb() {
        if (channels != 3) {
            throw new IllegalStateException("an RGB image needs 3 channels, this one has " + channels);
        }
        int plane = height * width;
        byte[] rgb = new byte[3 * plane];
        for (int pixel = 0; pixel < plane; pixel++) {
            for (int c = 0; c < 3; c++) {
                float scaled = data[c * plane + pixel] * 255f;
                // NaN compares false both ways and ends up 0, like a clamp to the lower bound.
                int level = scaled >= 255f ? 255 : scaled > 0f ? Math.round(scaled) : 0;
                rgb[3 * pixel + c] = (byte) level;
            }
        }
        return new RgbImage(width, height, rgb);
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** Channel {@code c}, row {@code y}, column {@code x}. */
    public float get(int c, int y, int x) {
        return data[(c * height + y) * width + x];
    }

    /** Sets channel {@code c}, row {@code y}, column {@code x}. */
    public void set(int c, int y, int x, float value) {
        data[(c * height + y) * width + x] = value;
    }

    /** A copy of channel {@code c} as a row-major {@code height x width} map. */
    public float[] channel(int c) {
        Objects.checkIndex(c, channels);
        float[] map = new float[height * width];
        System.arraycopy(data, c * map.length, map, 0, map.length);
        return map;
    }

    /** The backing CHW values; writes go through to this image. */
    public float[] data() {
        return data;
    }

    /** An independent copy. */
    public FloatImage copy() {
        return new FloatImage(channels, height, width, data.clone());
    }
}

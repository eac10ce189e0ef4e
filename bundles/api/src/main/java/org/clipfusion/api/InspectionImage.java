package org.clipfusion.api;

import java.util.Map;
import java.util.Objects;

/**
 * An image to inspect: decoded 8-bit RGB pixels (row-major, interleaved) with the id the plant knows it by and free
 * metadata (camera, station, lot...). Decoding happens once, at the edge; every scorer sees the same pixels.
 */
public final class InspectionImage {
    private final String id;
    private final int width;
    private final int height;
    private final byte[] rgb;
    private final Map<String, String> metadata;

    /** @param rgb {@code 3 * width * height} bytes; copied, so later changes by the caller have no effect */
    public InspectionImage(String id, int width, int height, byte[] rgb, Map<String, String> metadata) {
        this.id = requireText(id, "image id");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image '" + id + "': size must be positive, got " + width + "x" + height);
        }
        Objects.requireNonNull(rgb, "rgb");
        if (rgb.length != 3L * width * height) {
            throw new IllegalArgumentException("image '" + id + "': expected " + 3L * width * height
                    + " RGB bytes for " + width + "x" + height + ", got " + rgb.length);
        }
        this.width = width;
        this.height = height;
        this.rgb = rgb.clone();
        this.metadata = Map.copyOf(metadata == null ? Map.of() : metadata);
    }

    public String id() {
        return id;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** A copy of the interleaved RGB bytes. */
    public byte[] rgb() {
        return rgb.clone();
    }

    /** Channel {@code c} (0 = red) of pixel ({@code x}, {@code y}), 0..255. */
    public int sample(int x, int y, int c) {
        return rgb[3 * (y * width + x) + c] & 0xFF;
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    static String requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        return value;
    }
}

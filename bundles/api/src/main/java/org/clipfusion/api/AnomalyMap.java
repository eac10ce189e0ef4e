package org.clipfusion.api;

import java.util.Objects;

/**
 * A grid of anomaly scores, row-major, {@code width × height}. Higher means more anomalous. Values are raw scores of
 * the producing component (no per-image min–max normalisation, which makes normal images look defective); their
 * scale is stated by {@link #role()} and {@link #source()}.
 */
public final class AnomalyMap {
    private final int width;
    private final int height;
    private final float[] values;
    private final MapRole role;
    private final String source;

    /** @param values {@code width * height} scores, row-major; copied */
    public AnomalyMap(int width, int height, float[] values, MapRole role, String source) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("map size must be positive, got " + width + "x" + height);
        }
        Objects.requireNonNull(values, "values");
        if (values.length != (long) width * height) {
            throw new IllegalArgumentException("expected " + (long) width * height + " values for a " + width + "x"
                    + height + " map, got " + values.length);
        }
        this.width = width;
        this.height = height;
        this.values = values.clone();
        this.role = Objects.requireNonNull(role, "role");
        this.source = InspectionImage.requireText(source, "map source");
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public float at(int x, int y) {
        return values[y * width + x];
    }

    /** A copy of the row-major scores. */
    public float[] values() {
        return values.clone();
    }

    public MapRole role() {
        return role;
    }

    /** The component that produced the map, e.g. {@code patchclip} or a fusion strategy id. */
    public String source() {
        return source;
    }

    public float max() {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            max = Math.max(max, v);
        }
        return max;
    }
}

package org.clipfusion.tensor.image;

/** A picture's size in pixels, width first as PIL gives it. */
public record ImageSize(int width, int height) {
    /** @throws IllegalArgumentException unless both sides are positive */
    public ImageSize {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
    }
}

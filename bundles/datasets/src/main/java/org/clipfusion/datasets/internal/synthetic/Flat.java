package org.clipfusion.datasets.internal.synthetic;

import org.clipfusion.tensor.image.RgbImage;

/** A single-colour image: the backing that shows through a hole in a texture. */
final class Flat {
    private Flat() {
    }

    static RgbImage image(int size, int[] colour) {
        byte[] rgb = new byte[3 * size * size];
        for (int i = 0; i < size * size; i++) {
            for (int c = 0; c < 3; c++) {
                rgb[3 * i + c] = (byte) colour[c];
            }
        }
        return new RgbImage(size, size, rgb);
    }
}

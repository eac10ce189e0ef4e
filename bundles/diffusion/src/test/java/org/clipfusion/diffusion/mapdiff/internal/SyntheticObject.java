package org.clipfusion.diffusion.mapdiff.internal;

import java.util.Map;
import java.util.Random;
import org.clipfusion.api.InspectionImage;

/**
 * A tiny MVTec-style category made by the tests (the CLIP bundle's idea): a textured object on a plain background,
 * each normal sample with its own sensor noise, and defective samples with a dark round spot at a known place.
 * Images are {@code size × size}, small enough for the tiny fixture VAE.
 */
final class SyntheticObject {

    record Defect(int centreX, int centreY, int radius) {
        boolean contains(double x, double y) {
            double dx = x - centreX;
            double dy = y - centreY;
            return dx * dx + dy * dy <= (double) radius * radius;
        }
    }

    private SyntheticObject() {
    }

    static InspectionImage normal(String id, int size, long seed) {
        return new InspectionImage(id, size, size, render(size, seed, null), Map.of());
    }

    static InspectionImage defective(String id, int size, long seed, Defect defect) {
        return new InspectionImage(id, size, size, render(size, seed, defect), Map.of());
    }

    private static byte[] render(int size, long seed, Defect defect) {
        Random noise = new Random(seed);
        byte[] rgb = new byte[3 * size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double r = 150 + 40 * Math.sin(x / 5.0) * Math.cos(y / 7.0);
                double g = 120 + 30 * Math.cos((x + y) / 9.0);
                double b = 90 + 20 * Math.sin(y / 4.0);
                if (defect != null && defect.contains(x, y)) {
                    r = 20;
                    g = 15;
                    b = 10;
                }
                int i = 3 * (y * size + x);
                rgb[i] = clamp(r + noise.nextGaussian() * 3);
                rgb[i + 1] = clamp(g + noise.nextGaussian() * 3);
                rgb[i + 2] = clamp(b + noise.nextGaussian() * 3);
            }
        }
        return rgb;
    }

    private static byte clamp(double value) {
        return (byte) Math.max(0, Math.min(255, (int) Math.round(value)));
    }
}

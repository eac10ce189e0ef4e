package org.clipfusion.datasets.internal.synthetic;

import java.util.Random;

/**
 * The shapes of the defects, as tests on pixel centres. The painter changes exactly the surface pixels inside the
 * shape and the mask marks exactly those, so the mask comes from the same geometry that painted the defect. Every
 * shape contains its own centre point, so a defect centred on a surface pixel is never empty.
 */
final class DefectRegions {
    /** Whether the pixel centre ({@code x}, {@code y}) lies in the defect. */
    interface Region {
        boolean contains(double x, double y);
    }

    private DefectRegions() {
    }

    static Region of(DefectType type, double x, double y, int size, Random random) {
        return switch (type) {
            case SCRATCH -> scratch(x, y, size, random);
            case SPOT -> spot(x, y, size, random);
            case MISSING -> disc(x, y, size * Pixels.uniform(random, 0.07, 0.11));
            case COLOUR -> ellipse(x, y, size, random);
        };
    }

    /** A thin straight segment centred on the point. */
    private static Region scratch(double x, double y, int size, Random random) {
        double angle = Pixels.uniform(random, 0, Math.PI);
        double halfLength = size * Pixels.uniform(random, 0.09, 0.16);
        double halfWidth = Math.max(0.7, size / 110.0) * Pixels.uniform(random, 1.0, 1.4);
        double dx = StrictMath.cos(angle);
        double dy = StrictMath.sin(angle);
        return (px, py) -> {
            double along = Math.max(-halfLength, Math.min(halfLength, (px - x) * dx + (py - y) * dy));
            return StrictMath.hypot(px - x - along * dx, py - y - along * dy) <= halfWidth;
        };
    }

    /** Two to four overlapping discs around the point, an irregular blob. */
    private static Region spot(double x, double y, int size, Random random) {
        int count = 2 + random.nextInt(3);
        double[][] discs = new double[count][];
        double firstRadius = size * Pixels.uniform(random, 0.03, 0.05);
        discs[0] = new double[] {x, y, firstRadius};
        for (int i = 1; i < count; i++) {
            double direction = Pixels.uniform(random, 0, 2 * Math.PI);
            double distance = firstRadius * Pixels.uniform(random, 0.3, 1.0);
            discs[i] = new double[] {x + distance * StrictMath.cos(direction), y + distance * StrictMath.sin(direction),
                    size * Pixels.uniform(random, 0.02, 0.04)};
        }
        return (px, py) -> {
            for (double[] disc : discs) {
                if (StrictMath.hypot(px - disc[0], py - disc[1]) <= disc[2]) {
                    return true;
                }
            }
            return false;
        };
    }

    private static Region disc(double x, double y, double radius) {
        return (px, py) -> StrictMath.hypot(px - x, py - y) <= radius;
    }

    /** A rotated ellipse centred on the point. */
    private static Region ellipse(double x, double y, int size, Random random) {
        double major = size * Pixels.uniform(random, 0.07, 0.12);
        double minor = size * Pixels.uniform(random, 0.05, 0.09);
        double angle = Pixels.uniform(random, 0, Math.PI);
        double cos = StrictMath.cos(angle);
        double sin = StrictMath.sin(angle);
        return (px, py) -> {
            double u = (cos * (px - x) + sin * (py - y)) / major;
            double v = (-sin * (px - x) + cos * (py - y)) / minor;
            return u * u + v * v <= 1;
        };
    }
}

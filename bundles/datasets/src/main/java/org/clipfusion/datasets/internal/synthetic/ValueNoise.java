package org.clipfusion.datasets.internal.synthetic;

import java.util.Random;

/**
 * Smooth random variation: values on a square lattice, interpolated with a smoothstep, periodic so that shifted
 * coordinates never run off the lattice. Continuous, so a scene can be rendered at sub-pixel offsets (pose jitter).
 */
final class ValueNoise {
    private final double cell;
    private final int period;
    private final double[] lattice;

    /** @param cell lattice spacing in pixels; @param extent the largest coordinate the scene uses */
    ValueNoise(long seed, double cell, double extent) {
        this.cell = cell;
        this.period = (int) Math.ceil(extent / cell) + 3;
        this.lattice = new double[period * period];
        Random random = new Random(seed);
        for (int i = 0; i < lattice.length; i++) {
            lattice[i] = random.nextDouble();
        }
    }

    /** A value in [0, 1) at pixel coordinates ({@code x}, {@code y}). */
    double at(double x, double y) {
        double u = x / cell;
        double v = y / cell;
        int i = (int) Math.floor(u);
        int j = (int) Math.floor(v);
        double fu = smooth(u - i);
        double fv = smooth(v - j);
        double top = lerp(node(i, j), node(i + 1, j), fu);
        double bottom = lerp(node(i, j + 1), node(i + 1, j + 1), fu);
        return lerp(top, bottom, fv);
    }

    private double node(int i, int j) {
        return lattice[Math.floorMod(j, period) * period + Math.floorMod(i, period)];
    }

    private static double smooth(double t) {
        return t * t * (3 - 2 * t);
    }

    private static double lerp(double a, double b, double t) {
        return a + (b - a) * t;
    }
}

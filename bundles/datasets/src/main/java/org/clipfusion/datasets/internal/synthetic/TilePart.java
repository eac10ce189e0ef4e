package org.clipfusion.datasets.internal.synthetic;

import java.util.Random;

/**
 * {@code synthetic_tile}: a glazed ceramic tile (a rounded square with a darker bevel and glaze speckle) on a dark
 * green background. Images differ by a pixel or so of position, a degree of rotation, the light's direction,
 * brightness and noise.
 */
final class TilePart implements SceneKind {
    static final String NAME = "synthetic_tile";
    private static final double[] GLAZE = {206, 194, 150};
    private static final double[] BACKGROUND = {38, 54, 44};

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Scene render(int size, long categorySeed, Random variation) {
        double jitter = Math.max(0.5, size / 200.0);
        double centreX = size / 2.0 + Pixels.uniform(variation, -jitter, jitter);
        double centreY = size / 2.0 + Pixels.uniform(variation, -jitter, jitter);
        double angle = Math.toRadians(Pixels.uniform(variation, -1.0, 1.0));
        double light = Math.toRadians(225 + Pixels.uniform(variation, -15, 15));
        double gain = Pixels.uniform(variation, 0.96, 1.04);
        double half = 0.27 * size;
        double corner = 0.07 * size;
        double bevel = Math.max(1.5, 0.03 * size);
        double cos = StrictMath.cos(angle);
        double sin = StrictMath.sin(angle);
        double lightX = StrictMath.cos(light);
        double lightY = StrictMath.sin(light);
        ValueNoise speckle = new ValueNoise(SeedMixer.mix(categorySeed, 5), 3.0, size + 2);
        RoundedSquare shape = new RoundedSquare(half, corner);
        PartScene.Footprint footprint = (x, y) -> shape.distance(cos * (x - centreX) + sin * (y - centreY),
                -sin * (x - centreX) + cos * (y - centreY)) <= 0;
        PartScene.Shader glaze = (x, y, rgb) -> {
            double u = cos * (x - centreX) + sin * (y - centreY);
            double v = -sin * (x - centreX) + cos * (y - centreY);
            double edge = -shape.distance(u, v);
            double shade = 0.86 + 0.07 * (u * lightX + v * lightY) / half
                    + 0.05 * (speckle.at(u + size, v + size) - 0.5)
                    - (edge < bevel ? 0.1 * (1 - edge / bevel) : 0);
            for (int c = 0; c < 3; c++) {
                rgb[c] = GLAZE[c] * shade * gain;
            }
        };
        return PartScene.render(size, variation, PartScene.mottledBackground(categorySeed, size, BACKGROUND, gain),
                footprint, glaze);
    }
}

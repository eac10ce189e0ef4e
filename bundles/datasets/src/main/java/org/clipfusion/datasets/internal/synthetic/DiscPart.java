package org.clipfusion.datasets.internal.synthetic;

import java.util.Random;

/**
 * {@code synthetic_disc}: a machined metal washer (a shaded ring with turning marks) on a dark background. Images
 * differ by a pixel or so of position, the light's direction, brightness and noise.
 */
final class DiscPart implements SceneKind {
    static final String NAME = "synthetic_disc";
    private static final double[] METAL = {184, 178, 162};
    private static final double[] BACKGROUND = {44, 46, 52};

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Scene render(int size, long categorySeed, Random variation) {
        double jitter = Math.max(0.5, size / 200.0);
        double centreX = size / 2.0 + Pixels.uniform(variation, -jitter, jitter);
        double centreY = size / 2.0 + Pixels.uniform(variation, -jitter, jitter);
        double light = Math.toRadians(225 + Pixels.uniform(variation, -12, 12));
        double gain = Pixels.uniform(variation, 0.96, 1.04);
        double outer = 0.34 * size;
        double inner = 0.11 * size;
        double ringPeriod = Math.max(4, size / 12.0);
        PartScene.Footprint ring = (x, y) -> {
            double r = StrictMath.hypot(x - centreX, y - centreY);
            return r >= inner && r <= outer;
        };
        PartScene.Shader metal = (x, y, rgb) -> {
            double r = StrictMath.hypot(x - centreX, y - centreY);
            double across = (r - inner) / (outer - inner);
            double facing = StrictMath.cos(StrictMath.atan2(y - centreY, x - centreX) - light);
            double shade = 0.8 + 0.13 * facing * StrictMath.sin(Math.PI * across)
                    + 0.03 * StrictMath.sin(2 * Math.PI * r / ringPeriod);
            for (int c = 0; c < 3; c++) {
                rgb[c] = METAL[c] * shade * gain;
            }
        };
        return PartScene.render(size, variation, PartScene.mottledBackground(categorySeed, size, BACKGROUND, gain),
                ring, metal);
    }
}

package org.clipfusion.datasets.internal.synthetic;

import java.util.Arrays;
import java.util.Random;
import org.clipfusion.tensor.image.RgbImage;

/**
 * {@code synthetic_carpet}: a rust-coloured woven texture with fibre noise. Images differ by a sub-pixel shift of the
 * weave, a few percent of brightness and sensor noise. Where material is missing the near-black backing shows.
 */
final class CarpetTexture implements SceneKind {
    static final String NAME = "synthetic_carpet";
    private static final double[] COLOUR = {168, 92, 70};
    private static final int[] BACKING = {14, 11, 10};

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Scene render(int size, long categorySeed, Random variation) {
        double period = Math.max(4, size / 12.0);
        ValueNoise fibres = new ValueNoise(SeedMixer.mix(categorySeed, 1), size / 10.0, size + 4);
        ValueNoise fluff = new ValueNoise(SeedMixer.mix(categorySeed, 2), 2.5, size + 4);
        double dx = Pixels.uniform(variation, -0.75, 0.75);
        double dy = Pixels.uniform(variation, -0.75, 0.75);
        double gain = Pixels.uniform(variation, 0.96, 1.04);
        byte[] rgb = new byte[3 * size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double u = x + 0.5 + dx + 2;
                double v = y + 0.5 + dy + 2;
                double weave = 0.5 + 0.5 * StrictMath.sin(2 * Math.PI * u / period)
                        * StrictMath.sin(2 * Math.PI * v / period);
                double shade = 0.72 + 0.16 * weave + 0.14 * (fibres.at(u, v) - 0.5) + 0.08 * (fluff.at(u, v) - 0.5);
                for (int c = 0; c < 3; c++) {
                    double value = COLOUR[c] * shade * gain + 2.5 * variation.nextGaussian();
                    rgb[3 * (y * size + x) + c] = Pixels.quantize(value, Scene.LOW, Scene.HIGH);
                }
            }
        }
        boolean[] surface = new boolean[size * size];
        Arrays.fill(surface, true);
        return new Scene(new RgbImage(size, size, rgb), surface, Flat.image(size, BACKING));
    }
}

package org.clipfusion.datasets.internal.synthetic;

import java.util.Arrays;
import java.util.Random;
import org.clipfusion.tensor.image.RgbImage;

/**
 * {@code synthetic_grid}: dark lines of a regular grid on a mottled blue-grey sheet. Images differ by a sub-pixel
 * shift, a fraction of a degree of rotation, brightness and noise. Where material is missing a white backing shows.
 */
final class GridTexture implements SceneKind {
    static final String NAME = "synthetic_grid";
    private static final double[] SHEET = {138, 144, 154};
    private static final double[] LINE = {52, 56, 64};
    private static final int[] BACKING = {244, 243, 238};

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Scene render(int size, long categorySeed, Random variation) {
        double period = Math.max(8, size / 8.0);
        double halfWidth = Math.max(0.6, size / 128.0);
        ValueNoise mottling = new ValueNoise(SeedMixer.mix(categorySeed, 3), size / 6.0, 2.0 * size);
        // Small pose changes only: the lines are sharp, so a pixel of shift would change whole lines of pixels.
        double dx = Pixels.uniform(variation, -0.4, 0.4);
        double dy = Pixels.uniform(variation, -0.4, 0.4);
        double angle = Math.toRadians(Pixels.uniform(variation, -0.3, 0.3));
        double gain = Pixels.uniform(variation, 0.96, 1.04);
        double cos = StrictMath.cos(angle);
        double sin = StrictMath.sin(angle);
        double centre = size / 2.0;
        byte[] rgb = new byte[3 * size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double px = x + 0.5 - centre;
                double py = y + 0.5 - centre;
                double u = cos * px - sin * py + centre + dx;
                double v = sin * px + cos * py + centre + dy;
                double line = Math.max(coverage(u, period, halfWidth), coverage(v, period, halfWidth));
                double sheet = 0.93 + 0.14 * mottling.at(u + size / 2.0, v + size / 2.0);
                for (int c = 0; c < 3; c++) {
                    double value = (SHEET[c] * sheet * (1 - line) + LINE[c] * line) * gain
                            + 2.5 * variation.nextGaussian();
                    rgb[3 * (y * size + x) + c] = Pixels.quantize(value, Scene.LOW, Scene.HIGH);
                }
            }
        }
        boolean[] surface = new boolean[size * size];
        Arrays.fill(surface, true);
        return new Scene(new RgbImage(size, size, rgb), surface, Flat.image(size, BACKING));
    }

    /** How much of the pixel at coordinate {@code t} a line (every {@code period}) covers, anti-aliased over 1 px. */
    private static double coverage(double t, double period, double halfWidth) {
        double distance = Math.abs(t - period * Math.rint(t / period));
        return Math.max(0, Math.min(1, halfWidth + 0.5 - distance));
    }
}

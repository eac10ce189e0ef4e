package org.clipfusion.datasets.internal.synthetic;

import java.util.Random;
import org.clipfusion.tensor.image.RgbImage;

/**
 * Composes a part on a dark mottled background. The background is kept in [{@link Scene#LOW}, {@value #BACKGROUND_HIGH}]
 * and the part in [{@value #PART_LOW}, {@link Scene#HIGH}], so a missing piece of the part (background showing
 * instead) changes every one of its pixels. Part edges are hard (a pixel belongs to the part when its centre does),
 * so that the part's footprint, and with it every defect mask, is exact.
 */
final class PartScene {
    static final int BACKGROUND_HIGH = 80;
    static final int PART_LOW = 120;

    /** The colour of a point of the part (before noise and clamping), or of the background. */
    interface Shader {
        void shade(double x, double y, double[] rgb);
    }

    /** Whether the pixel centre ({@code x}, {@code y}) lies on the part. */
    interface Footprint {
        boolean contains(double x, double y);
    }

    private PartScene() {
    }

    static Scene render(int size, Random variation, Shader background, Footprint footprint, Shader part) {
        byte[] behind = new byte[3 * size * size];
        byte[] rgb = new byte[3 * size * size];
        boolean[] surface = new boolean[size * size];
        double[] colour = new double[3];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int pixel = y * size + x;
                double cx = x + 0.5;
                double cy = y + 0.5;
                background.shade(cx, cy, colour);
                for (int c = 0; c < 3; c++) {
                    behind[3 * pixel + c] = Pixels.quantize(colour[c] + 2.0 * variation.nextGaussian(),
                            Scene.LOW, BACKGROUND_HIGH);
                }
                surface[pixel] = footprint.contains(cx, cy);
                if (surface[pixel]) {
                    part.shade(cx, cy, colour);
                    for (int c = 0; c < 3; c++) {
                        rgb[3 * pixel + c] = Pixels.quantize(colour[c] + 2.5 * variation.nextGaussian(),
                                PART_LOW, Scene.HIGH);
                    }
                } else {
                    System.arraycopy(behind, 3 * pixel, rgb, 3 * pixel, 3);
                }
            }
        }
        return new Scene(new RgbImage(size, size, rgb), surface, new RgbImage(size, size, behind));
    }

    /** A dark mottled surface of the given tint, the same pattern for the whole category. */
    static Shader mottledBackground(long categorySeed, int size, double[] tint, double gain) {
        ValueNoise mottling = new ValueNoise(SeedMixer.mix(categorySeed, 4), size / 5.0, size + 2);
        return (x, y, rgb) -> {
            double shade = (0.9 + 0.2 * mottling.at(x, y)) * gain;
            for (int c = 0; c < 3; c++) {
                rgb[c] = tint[c] * shade;
            }
        };
    }
}

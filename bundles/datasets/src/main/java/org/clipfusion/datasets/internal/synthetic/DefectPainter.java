package org.clipfusion.datasets.internal.synthetic;

import java.util.Random;
import org.clipfusion.tensor.image.RgbImage;

/**
 * Paints one defect into a normal scene: picks a surface pixel as the defect's centre, a shape around it
 * ({@link DefectRegions}) and a change of colour, and changes every surface pixel inside the shape. The mask is the
 * set of changed pixels, 255 where the image differs from the normal one and 0 everywhere else.
 */
public final class DefectPainter {
    private static final int SCRATCH_CONTRAST = 90;
    private static final double[] STAIN = {0.55, 0.45, 0.35};
    private static final double MIN_HUE_TURN = 100;
    private static final double MAX_HUE_TURN = 160;
    private static final double MIN_SATURATION = 0.5;

    private DefectPainter() {
    }

    /** Paints a defect of {@code type} into {@code scene}; {@code random} decides where and how. */
    static DefectiveImage paint(Scene scene, DefectType type, Random random) {
        RgbImage normal = scene.image();
        int size = normal.width();
        int centre = randomSurfacePixel(scene.surface(), random);
        DefectRegions.Region region = DefectRegions.of(type, centre % size + 0.5, centre / size + 0.5, size, random);
        Change change = changeFor(type, scene, random);
        byte[] before = normal.rgbBytes();
        byte[] after = before.clone();
        boolean[] mask = new boolean[size * size];
        int[] colour = new int[3];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int pixel = y * size + x;
                if (!scene.surface()[pixel] || !region.contains(x + 0.5, y + 0.5)) {
                    continue;
                }
                change.apply(pixel, colour);
                set(after, pixel, colour, before);
                mask[pixel] = true;
            }
        }
        return new DefectiveImage(new RgbImage(size, size, after), mask);
    }

    /** The new colour of one pixel of the defect. */
    private interface Change {
        void apply(int pixel, int[] colour);
    }

    private static Change changeFor(DefectType type, Scene scene, Random random) {
        byte[] rgb = scene.image().rgbBytes();
        return switch (type) {
            case SCRATCH -> {
                int delta = random.nextBoolean() ? SCRATCH_CONTRAST : -SCRATCH_CONTRAST;
                yield (pixel, colour) -> {
                    for (int c = 0; c < 3; c++) {
                        colour[c] = Math.max(0, Math.min(255, Pixels.unsigned(rgb[3 * pixel + c]) + delta));
                    }
                };
            }
            case SPOT -> (pixel, colour) -> {
                for (int c = 0; c < 3; c++) {
                    colour[c] = (int) Math.round(Pixels.unsigned(rgb[3 * pixel + c]) * STAIN[c]);
                }
            };
            case MISSING -> {
                byte[] exposed = scene.exposed().rgbBytes();
                yield (pixel, colour) -> {
                    for (int c = 0; c < 3; c++) {
                        colour[c] = Pixels.unsigned(exposed[3 * pixel + c]);
                    }
                };
            }
            case COLOUR -> {
                double turn = (random.nextBoolean() ? 1 : -1) * Pixels.uniform(random, MIN_HUE_TURN, MAX_HUE_TURN);
                yield (pixel, colour) -> HueShift.shift(Pixels.unsigned(rgb[3 * pixel]),
                        Pixels.unsigned(rgb[3 * pixel + 1]), Pixels.unsigned(rgb[3 * pixel + 2]), turn, MIN_SATURATION,
                        colour);
            }
        };
    }

    /**
     * Stores the new colour. The scenes' value ranges make every change above alter the pixel; should one ever leave a
     * pixel as it was, its red channel is moved so that the mask stays exactly the set of changed pixels.
     */
    private static void set(byte[] after, int pixel, int[] colour, byte[] before) {
        boolean changed = false;
        for (int c = 0; c < 3; c++) {
            changed |= colour[c] != Pixels.unsigned(before[3 * pixel + c]);
        }
        if (!changed) {
            colour[0] = colour[0] < 128 ? colour[0] + 60 : colour[0] - 60;
        }
        for (int c = 0; c < 3; c++) {
            after[3 * pixel + c] = (byte) colour[c];
        }
    }

    private static int randomSurfacePixel(boolean[] surface, Random random) {
        int count = 0;
        for (boolean on : surface) {
            count += on ? 1 : 0;
        }
        if (count == 0) {
            throw new IllegalStateException("the scene has no surface to put a defect on");
        }
        int wanted = random.nextInt(count);
        for (int pixel = 0; pixel < surface.length; pixel++) {
            if (surface[pixel] && wanted-- == 0) {
                return pixel;
            }
        }
        throw new AssertionError("unreachable: fewer surface pixels than counted");
    }
}

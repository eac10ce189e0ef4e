package org.clipfusion.datasets.internal.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.clipfusion.tensor.image.RgbImage;
import org.junit.jupiter.api.Test;

class DefectPainterTest {
    private static final List<SceneKind> KINDS =
            List.of(new CarpetTexture(), new GridTexture(), new DiscPart(), new TilePart());

    @Test
    void theMaskIsExactlyTheChangedPixelsAndLiesOnTheSurface() {
        for (SceneKind kind : KINDS) {
            for (int size : new int[] {32, 97}) {
                for (long seed = 0; seed < 6; seed++) {
                    Scene scene = kind.render(size, 11, new Random(seed));
                    for (DefectType type : DefectType.values()) {
                        DefectiveImage defective = DefectPainter.paint(scene, type, new Random(seed * 31 + 1));
                        String where = kind.name() + " " + type + " size " + size + " seed " + seed;
                        int changed = 0;
                        for (int pixel = 0; pixel < size * size; pixel++) {
                            boolean differs = differs(scene.image(), defective.image(), pixel);
                            assertEquals(differs, defective.mask()[pixel], where + " pixel " + pixel);
                            assertTrue(!differs || scene.surface()[pixel], where + ": defect off the surface");
                            changed += differs ? 1 : 0;
                        }
                        assertTrue(changed > 0, where + ": empty defect");
                    }
                }
            }
        }
    }

    @Test
    void normalScenesKeepTheirValueRangeAndTheExposedLayerDiffersOnTheSurface() {
        for (SceneKind kind : KINDS) {
            Scene scene = kind.render(64, 3, new Random(9));
            byte[] rgb = scene.image().rgbBytes();
            for (byte value : rgb) {
                int v = value & 0xFF;
                assertTrue(v >= Scene.LOW && v <= Scene.HIGH, kind.name() + " value " + v);
            }
            for (int pixel = 0; pixel < 64 * 64; pixel++) {
                if (scene.surface()[pixel]) {
                    assertTrue(differs(scene.image(), scene.exposed(), pixel), kind.name() + " pixel " + pixel);
                }
            }
        }
    }

    @Test
    void partsHaveASurfaceSmallerThanTheImageAndTexturesCoverIt() {
        for (SceneKind kind : KINDS) {
            Scene scene = kind.render(64, 3, new Random(9));
            int surface = 0;
            for (boolean on : scene.surface()) {
                surface += on ? 1 : 0;
            }
            boolean texture = kind instanceof CarpetTexture || kind instanceof GridTexture;
            assertTrue(texture ? surface == 64 * 64 : surface > 64 * 64 / 8 && surface < 64 * 64 / 2,
                    kind.name() + " surface " + surface);
        }
    }

    private static boolean differs(RgbImage a, RgbImage b, int pixel) {
        for (int c = 0; c < 3; c++) {
            if (a.rgbBytes()[3 * pixel + c] != b.rgbBytes()[3 * pixel + c]) {
                return true;
            }
        }
        return false;
    }
}

package org.clipfusion.tensor.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MapRenderingTest {

    @Test
    void grayPngKeepsTheScaledScoresTo16Bits(@TempDir Path dir) throws Exception {
        float[] map = {0f, 0.25f, 0.5f, 1f, 2f, -1f};
        Path file = dir.resolve("map.png");
        MapRendering.writeGray16(map, 3, 2, 0f, 1f, file);
        BufferedImage read = ImageIO.read(file.toFile());
        assertEquals(3, read.getWidth());
        int[] samples = read.getRaster().getSamples(0, 0, 3, 2, 0, (int[]) null);
        assertArrayEquals(new int[] {0, 16384, 32768, 65535, 65535, 0}, samples);
    }

    @Test
    void overlayBlendsTheHeatColourIntoTheImage(@TempDir Path dir) throws Exception {
        RgbImage grey = new RgbImage(2, 1, new byte[] {100, 100, 100, 100, 100, 100});
        RgbImage overlay = MapRendering.overlay(grey, new float[] {0f, 1f}, 2, 1, 0f, 1f, 0.5);
        // left: half grey, half dark blue (0,0,128); right: half grey, half red (220,0,0)
        assertEquals(50, overlay.sample(0, 0, 0));
        assertEquals(114, overlay.sample(0, 0, 2));
        assertEquals(160, overlay.sample(1, 0, 0));
        assertEquals(50, overlay.sample(1, 0, 1));
        Path file = dir.resolve("overlay.png");
        MapRendering.writePng(overlay, file);
        assertEquals(160, ImageDecoder.decode(file).sample(1, 0, 0));
    }

    @Test
    void masksAreEightBitGreyWithMvtecsWhite(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sub/m_mask.png");
        MapRendering.writeMaskPng(new boolean[] {false, true, false, false, false, true}, 3, 2, file);

        BufferedImage mask = ImageIO.read(file.toFile());
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, mask.getType());
        assertArrayEquals(new int[] {0, 255, 0, 0, 0, 255}, mask.getRaster().getPixels(0, 0, 3, 2, (int[]) null));
        assertEquals(java.util.List.of("m_mask.png"), java.nio.file.Files.list(file.getParent())
                .map(p -> p.getFileName().toString()).toList()); // no temporary file left behind
        assertThrows(IllegalArgumentException.class,
                () -> MapRendering.writeMaskPng(new boolean[5], 3, 2, dir.resolve("bad.png")));
    }

    @Test
    void heatRampEndsAreBlueAndRed() {
        assertArrayEquals(new int[] {0, 0, 128}, MapRendering.heat(0));
        assertArrayEquals(new int[] {220, 0, 0}, MapRendering.heat(1));
    }
}

package org.clipfusion.tensor.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RgbImageRegionTest {

    @Test
    void copiesTheRectangle() {
        byte[] rgb = new byte[3 * 4 * 3];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (byte) i;
        }
        RgbImage image = new RgbImage(4, 3, rgb);
        RgbImage region = image.region(1, 1, 2, 2);
        assertEquals(2, region.width());
        assertEquals(2, region.height());
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 2; x++) {
                for (int c = 0; c < 3; c++) {
                    assertEquals(image.sample(x + 1, y + 1, c), region.sample(x, y, c));
                }
            }
        }
    }

    @Test
    void refusesRectanglesOutsideTheImage() {
        RgbImage image = new RgbImage(4, 3, new byte[36]);
        assertThrows(IllegalArgumentException.class, () -> image.region(3, 0, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> image.region(0, 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> image.region(-1, 0, 1, 1));
    }
}

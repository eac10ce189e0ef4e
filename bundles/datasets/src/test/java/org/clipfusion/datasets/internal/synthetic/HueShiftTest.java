package org.clipfusion.datasets.internal.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HueShiftTest {
    @Test
    void turnsPrimariesIntoEachOther() {
        int[] out = new int[3];

        HueShift.shift(255, 0, 0, 120, 0, out);
        assertArrayEquals(new int[] {0, 255, 0}, out);
        HueShift.shift(255, 0, 0, -120, 0, out);
        assertArrayEquals(new int[] {0, 0, 255}, out);
        HueShift.shift(0, 0, 200, 120, 0, out);
        assertArrayEquals(new int[] {200, 0, 0}, out);
    }

    @Test
    void givesGreyAColourThroughTheMinimumSaturation() {
        int[] out = new int[3];

        HueShift.shift(200, 200, 200, 0, 0.5, out);

        // hue 0 (red) at value 200 and saturation 0.5: red stays 200, green and blue drop to 100.
        assertArrayEquals(new int[] {200, 100, 100}, out);
        assertTrue(out[0] > out[1]);
    }
}

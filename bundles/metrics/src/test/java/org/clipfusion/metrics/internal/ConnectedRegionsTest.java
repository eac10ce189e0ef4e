package org.clipfusion.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ConnectedRegionsTest {

    @Test
    void joinsPixelsThatTouchOnlyAtCorners() {
        ConnectedRegions regions = regionsOf(
                "1....",
                ".1...",
                "..1.1",
                "...1.");

        assertEquals(1, regions.count());
        assertEquals(5, regions.size(1));
    }

    @Test
    void keepsApartPixelsWithAGapBetween() {
        ConnectedRegions regions = regionsOf(
                "11..1",
                "11..1",
                ".....",
                "..1..");

        assertEquals(3, regions.count());
        assertEquals(4, regions.size(regions.label(0)));
        assertEquals(2, regions.size(regions.label(4)));
        assertEquals(1, regions.size(regions.label(17)));
        assertEquals(0, regions.label(2), "normal pixels have label 0");
    }

    @Test
    void labelsManyRegionsAndAFullMask() {
        StringBuilder checkerRow = new StringBuilder();
        for (int x = 0; x < 40; x++) {
            checkerRow.append(x % 2 == 0 ? '1' : '.');
        }
        String row = checkerRow.toString();
        assertEquals(20, regionsOf(row).count(), "one row of isolated pixels");
        assertEquals(1, regionsOf("111", "111").count());
        assertEquals(0, regionsOf("...", "...").count());
    }

    private static ConnectedRegions regionsOf(String... rows) {
        int width = rows[0].length();
        boolean[] mask = new boolean[width * rows.length];
        for (int y = 0; y < rows.length; y++) {
            for (int x = 0; x < width; x++) {
                mask[y * width + x] = rows[y].charAt(x) == '1';
            }
        }
        return ConnectedRegions.of(mask, width, rows.length);
    }
}

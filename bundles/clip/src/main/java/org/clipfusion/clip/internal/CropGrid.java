package org.clipfusion.clip.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Square crops laid on a grid over an image at one scale: side {@code scale × shorter side}, stride {@code side ×
 * strideRatio}, the last row and column moved in to end at the border so that every pixel is covered.
 */
final class CropGrid {

    /** A crop rectangle in image pixels. */
    record Crop(int x, int y, int size) {
    }

    private CropGrid() {
    }

    static List<Crop> lay(int width, int height, double scale, double strideRatio) {
        int shorter = Math.min(width, height);
        int size = Math.max(1, (int) Math.round(shorter * scale));
        int stride = Math.max(1, (int) Math.round(size * strideRatio));
        List<Crop> crops = new ArrayList<>();
        for (int y : starts(height, size, stride)) {
            for (int x : starts(width, size, stride)) {
                crops.add(new Crop(x, y, size));
            }
        }
        return crops;
    }

    private static List<Integer> starts(int extent, int size, int stride) {
        List<Integer> starts = new ArrayList<>();
        int last = Math.max(0, extent - size);
        for (int start = 0; start < last; start += stride) {
            starts.add(start);
        }
        starts.add(last);
        return starts;
    }
}

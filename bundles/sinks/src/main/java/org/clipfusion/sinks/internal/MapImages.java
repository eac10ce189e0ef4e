package org.clipfusion.sinks.internal;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import org.clipfusion.api.AnomalyMap;
import org.clipfusion.tensor.image.MapRendering;

/**
 * The pictures the file sink writes besides the anomaly map itself: a heatmap overlay (RGBA, transparent where the
 * map is low, so it can be laid over the inspected image in any viewer; the image itself is not part of a result) and
 * a mask (white, 255, where the map is above the mask threshold; MVTec's convention).
 */
final class MapImages {
    /** Opacity of the heatmap's hottest pixels: the part under them stays visible. */
    private static final double MAX_OPACITY = 0.75;

    private MapImages() {
    }

    static void writeHeatmap(AnomalyMap map, float low, float high, OutputStream out) throws IOException {
        BufferedImage image = new BufferedImage(map.width(), map.height(), BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < map.height(); y++) {
            for (int x = 0; x < map.width(); x++) {
                double t = MapRendering.unit(map.at(x, y), low, high);
                int[] rgb = MapRendering.heat(t);
                int alpha = (int) Math.round(255 * MAX_OPACITY * t);
                image.setRGB(x, y, alpha << 24 | rgb[0] << 16 | rgb[1] << 8 | rgb[2]);
            }
        }
        MapRendering.writePng(image, out);
    }

    static void writeMask(AnomalyMap map, double threshold, OutputStream out) throws IOException {
        boolean[] inside = new boolean[map.width() * map.height()];
        for (int y = 0; y < map.height(); y++) {
            for (int x = 0; x < map.width(); x++) {
                inside[y * map.width() + x] = map.at(x, y) > threshold;
            }
        }
        MapRendering.writeMaskPng(inside, map.width(), map.height(), out);
    }
}

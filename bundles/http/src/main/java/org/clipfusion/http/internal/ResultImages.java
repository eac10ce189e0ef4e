package org.clipfusion.http.internal;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import org.clipfusion.api.AnomalyMap;
import org.clipfusion.api.InspectionImage;
import org.clipfusion.tensor.image.ImageDecoder;
import org.clipfusion.tensor.image.MapRendering;
import org.clipfusion.tensor.image.RgbImage;

/**
 * The pictures of a result, drawn as the shell and the file sink draw them: scores scaled from 0 to the larger of the
 * map's maximum and the threshold (so a normal image stays cool), the toolkit's heat ramp.
 */
final class ResultImages {
    /** Opacity of the heatmap where the map is hottest, so the part stays visible underneath. */
    private static final double MAX_OPACITY = 0.75;
    private static final double OVERLAY_OPACITY = 0.5;

    private ResultImages() {
    }

    static float high(AnomalyMap map, double threshold) {
        return Math.max(map.max(), Double.isNaN(threshold) ? 0f : (float) threshold);
    }

    /** The map as 16-bit grey, full scale at {@link #high}. */
    static byte[] mapPng(AnomalyMap map, double threshold) throws IOException {
        BufferedImage image = new BufferedImage(map.width(), map.height(), BufferedImage.TYPE_USHORT_GRAY);
        float high = high(map, threshold);
        short[] grey = new short[map.width() * map.height()];
        float[] values = map.values();
        for (int i = 0; i < values.length; i++) {
            grey[i] = (short) Math.round(MapRendering.unit(values[i], 0f, high) * 65535);
        }
        image.getRaster().setDataElements(0, 0, map.width(), map.height(), grey);
        return png(image);
    }

    /** RGBA heatmap, transparent where the map is low: lay it over the image in any viewer. */
    static byte[] heatmapPng(AnomalyMap map, double threshold) throws IOException {
        BufferedImage image = new BufferedImage(map.width(), map.height(), BufferedImage.TYPE_INT_ARGB);
        float high = high(map, threshold);
        for (int y = 0; y < map.height(); y++) {
            for (int x = 0; x < map.width(); x++) {
                double t = MapRendering.unit(map.at(x, y), 0f, high);
                int[] rgb = MapRendering.heat(t);
                int alpha = (int) Math.round(255 * MAX_OPACITY * t);
                image.setRGB(x, y, alpha << 24 | rgb[0] << 16 | rgb[1] << 8 | rgb[2]);
            }
        }
        return png(image);
    }

    /** The inspected image with the heatmap blended in, at the image's size. */
    static byte[] overlayPng(byte[] imagePng, AnomalyMap map, double threshold) throws IOException {
        RgbImage image = ImageDecoder.decode(imagePng, "stored image");
        RgbImage blended = MapRendering.overlay(image, map.values(), map.width(), map.height(), 0f,
                high(map, threshold), OVERLAY_OPACITY);
        return png(toBuffered(blended));
    }

    /** 255 where the map exceeds the threshold, 0 elsewhere (MVTec's ground-truth convention). */
    static byte[] maskPng(AnomalyMap map, double threshold) throws IOException {
        boolean[] inside = new boolean[map.width() * map.height()];
        float[] values = map.values();
        for (int i = 0; i < values.length; i++) {
            inside[i] = values[i] > threshold;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MapRendering.writeMaskPng(inside, map.width(), map.height(), out);
        return out.toByteArray();
    }

    /** An inspection image as PNG, to keep it beside its result. */
    static byte[] imagePng(InspectionImage image) throws IOException {
        return png(toBuffered(new RgbImage(image.width(), image.height(), image.rgb())));
    }

    private static BufferedImage toBuffered(RgbImage image) {
        BufferedImage out = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_INT_RGB);
        byte[] rgb = image.rgbBytes();
        int[] pixels = new int[image.width() * image.height()];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (rgb[3 * i] & 0xFF) << 16 | (rgb[3 * i + 1] & 0xFF) << 8 | (rgb[3 * i + 2] & 0xFF);
        }
        out.setRGB(0, 0, image.width(), image.height(), pixels, 0, image.width());
        return out;
    }

    private static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MapRendering.writePng(image, out);
        return out.toByteArray();
    }
}

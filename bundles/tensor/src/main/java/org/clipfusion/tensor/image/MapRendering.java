package org.clipfusion.tensor.image;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.imageio.ImageIO;

/**
 * Pictures of anomaly maps for people: a 16-bit grayscale PNG of the map (lossless enough to re-read the scores), and a
 * colour heatmap laid over the inspected image. Files are written atomically (temp file, then move).
 */
public final class MapRendering {
    private MapRendering() {
    }

    /** Writes {@code map} ({@code height × width}, row-major) as a 16-bit PNG, {@code low → 0}, {@code high → 65535}. */
    public static void writeGray16(float[] map, int width, int height, float low, float high, Path file)
            throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_USHORT_GRAY);
        WritableRaster raster = image.getRaster();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                raster.setSample(x, y, 0, (int) Math.round(unit(map[y * width + x], low, high) * 65535));
            }
        }
        writePng(image, file);
    }

    /**
     * The image with the map as a blue-to-red heatmap on top: the map is resized bilinearly to the image, values
     * scaled from {@code [low, high]}, blended with the given opacity.
     */
    public static RgbImage overlay(RgbImage image, float[] map, int width, int height, float low, float high,
                                   double opacity) {
        float[] resized = TorchInterpolation.bilinear(FloatImage.ofMap(height, width, map), image.height(),
                image.width()).data();
        byte[] rgb = new byte[3 * image.width() * image.height()];
        for (int i = 0; i < resized.length; i++) {
            int[] colour = heat(unit(resized[i], low, high));
            for (int c = 0; c < 3; c++) {
                double blended = (1 - opacity) * (image.rgbBytes()[3 * i + c] & 0xFF) + opacity * colour[c];
                rgb[3 * i + c] = (byte) Math.max(0, Math.min(255, Math.round(blended)));
            }
        }
        return new RgbImage(image.width(), image.height(), rgb);
    }

    /** Writes an RGB image as an 8-bit PNG. */
    public static void writePng(RgbImage image, Path file) throws IOException {
        BufferedImage out = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                out.setRGB(x, y, image.sample(x, y, 0) << 16 | image.sample(x, y, 1) << 8 | image.sample(x, y, 2));
            }
        }
        writePng(out, file);
    }

    /** A piecewise-linear blue → cyan → yellow → red ramp, readable by colour-blind viewers better than pure jet. */
    public static int[] heat(double t) {
        double[][] stops = {{0, 0, 128}, {0, 200, 255}, {255, 230, 0}, {220, 0, 0}};
        double position = t * (stops.length - 1);
        int index = Math.min(stops.length - 2, (int) Math.floor(position));
        double fraction = position - index;
        int[] colour = new int[3];
        for (int c = 0; c < 3; c++) {
            colour[c] = (int) Math.round(stops[index][c] + fraction * (stops[index + 1][c] - stops[index][c]));
        }
        return colour;
    }

    private static double unit(float value, float low, float high) {
        if (!(high > low)) {
            return 0;
        }
        return Math.max(0, Math.min(1, (value - low) / (double) (high - low)));
    }

    private static void writePng(BufferedImage image, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temporary = Files.createTempFile(parent, ".clipfusion-", ".png.tmp");
        try {
            if (!ImageIO.write(image, "png", temporary.toFile())) {
                throw new IOException("no PNG writer available for " + file);
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}

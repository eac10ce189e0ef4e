package org.clipfusion.tensor.image;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.clipfusion.tensor.files.AtomicFiles;

/**
 * Pictures of anomaly maps for people: a 16-bit grayscale PNG of the map (lossless enough to re-read the scores), a
 * colour heatmap laid over the inspected image, and masks. Files are written atomically ({@link AtomicFiles}).
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

    /**
     * Writes a mask as an 8-bit grey PNG, 255 inside and 0 outside: MVTec's ground-truth convention, so the masks we
     * generate and the masks the file sink writes read alike in evaluation tools.
     *
     * @param inside {@code height × width}, row-major
     */
    public static void writeMaskPng(boolean[] inside, int width, int height, OutputStream out) throws IOException {
        if (inside.length != width * height) {
            throw new IllegalArgumentException("mask of " + inside.length + " pixels is not " + width + "x" + height);
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        byte[] grey = new byte[inside.length];
        for (int i = 0; i < grey.length; i++) {
            grey[i] = inside[i] ? (byte) 255 : 0;
        }
        image.getRaster().setDataElements(0, 0, width, height, grey);
        writePng(image, out);
    }

    /** {@link #writeMaskPng(boolean[], int, int, OutputStream)} into a file, atomically. */
    public static void writeMaskPng(boolean[] inside, int width, int height, Path file) throws IOException {
        AtomicFiles.write(file, out -> writeMaskPng(inside, width, height, out));
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

    /** {@code value} scaled from {@code [low, high]} to {@code [0, 1]}, clamped; 0 when the range is empty. */
    public static double unit(float value, float low, float high) {
        if (!(high > low)) {
            return 0;
        }
        return Math.max(0, Math.min(1, (value - low) / (double) (high - low)));
    }

    /** Writes {@code image} as PNG. */
    public static void writePng(BufferedImage image, OutputStream out) throws IOException {
        if (!ImageIO.write(image, "png", out)) {
            throw new IOException("no PNG writer available");
        }
    }

    private static void writePng(BufferedImage image, Path file) throws IOException {
        AtomicFiles.write(file, out -> writePng(image, out));
    }
}

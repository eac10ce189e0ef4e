package org.clipfusion.datasets;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Writes small image and mask files for reader tests, straight through ImageIO (not through the code under test). */
final class TestImages {
    private TestImages() {
    }

    /** A {@code width × height} RGB PNG whose pixel (x, y) is (x, y, seed) mod 256; creates parent folders. */
    static Path rgb(Path file, int width, int height, int seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, (x & 0xFF) << 16 | (y & 0xFF) << 8 | seed & 0xFF);
            }
        }
        return write(image, file);
    }

    /** An 8-bit grey PNG with {@code value} inside the rectangle [x0, x1) × [y0, y1), 0 elsewhere. */
    static Path mask(Path file, int width, int height, int x0, int y0, int x1, int y1, int value) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                image.getRaster().setSample(x, y, 0, value);
            }
        }
        return write(image, file);
    }

    /** An all-zero mask. */
    static Path emptyMask(Path file, int width, int height) {
        return mask(file, width, height, 0, 0, 0, 0, 0);
    }

    /** A file with the given text, e.g. a non-image next to the images. */
    static Path text(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path write(BufferedImage image, Path file) {
        String format = file.getFileName().toString().toLowerCase().endsWith(".bmp") ? "bmp" : "png";
        try {
            Files.createDirectories(file.getParent());
            if (!ImageIO.write(image, format, file.toFile())) {
                throw new IOException("no " + format + " writer");
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

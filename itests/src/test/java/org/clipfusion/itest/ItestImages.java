package org.clipfusion.itest;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.clipfusion.api.InspectionImage;

/** Small images made by the tests: flat grey with an optional bright square, as PNG files or decoded. */
final class ItestImages {
    static final int SIZE = 32;

    private ItestImages() {
    }

    static InspectionImage grey(String id, int level) {
        byte[] rgb = new byte[3 * SIZE * SIZE];
        java.util.Arrays.fill(rgb, (byte) level);
        return new InspectionImage(id, SIZE, SIZE, rgb, Map.of());
    }

    /** Grey at {@code level} with a white square in the top-left quarter: 2×2 white cells of an 8×8 grid. */
    static InspectionImage greyWithWhiteCorner(String id, int level) {
        byte[] rgb = new byte[3 * SIZE * SIZE];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                byte value = (byte) (x < SIZE / 4 && y < SIZE / 4 ? 255 : level);
                java.util.Arrays.fill(rgb, 3 * (y * SIZE + x), 3 * (y * SIZE + x) + 3, value);
            }
        }
        return new InspectionImage(id, SIZE, SIZE, rgb, Map.of());
    }

    /** A grey PNG with a white square in the top-left quarter when {@code defect} is set. */
    static Path png(Path folder, String name, int level, boolean defect) throws IOException {
        BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                int value = defect && x < SIZE / 4 && y < SIZE / 4 ? 255 : level;
                image.setRGB(x, y, value << 16 | value << 8 | value);
            }
        }
        Files.createDirectories(folder);
        Path file = folder.resolve(name);
        ImageIO.write(image, "png", file.toFile());
        return file;
    }
}

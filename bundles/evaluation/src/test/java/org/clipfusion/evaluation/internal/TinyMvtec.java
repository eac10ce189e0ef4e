package org.clipfusion.evaluation.internal;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * A small MVTec-layout category written by the test itself: dark noisy parts, defects are bright rectangles whose
 * masks are exactly those rectangles. Non-square on purpose (maps must be resized to the mask's own shape).
 */
final class TinyMvtec {
    static final int WIDTH = 64;
    static final int HEIGHT = 48;

    private TinyMvtec() {
    }

    static Path write(Path root, String category, int train, int good, int defective, long seed) throws IOException {
        Random random = new Random(seed);
        Path folder = root.resolve(category);
        for (int i = 0; i < train; i++) {
            png(part(random, null), folder.resolve("train/good/" + name(i)));
        }
        for (int i = 0; i < good; i++) {
            png(part(random, null), folder.resolve("test/good/" + name(i)));
        }
        for (int i = 0; i < defective; i++) {
            int w = 6 + random.nextInt(10);
            int h = 6 + random.nextInt(10);
            int[] box = {random.nextInt(WIDTH - w), random.nextInt(HEIGHT - h), w, h};
            png(part(random, box), folder.resolve("test/spot/" + name(i)));
            BufferedImage mask = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_BYTE_GRAY);
            for (int y = box[1]; y < box[1] + box[3]; y++) {
                for (int x = box[0]; x < box[0] + box[2]; x++) {
                    mask.getRaster().setSample(x, y, 0, 255);
                }
            }
            png(mask, folder.resolve("ground_truth/spot/" + String.format("%03d_mask.png", i)));
        }
        return folder;
    }

    private static BufferedImage part(Random random, int[] defect) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                int value = 40 + random.nextInt(30);
                if (defect != null && x >= defect[0] && x < defect[0] + defect[2] && y >= defect[1]
                        && y < defect[1] + defect[3]) {
                    value = 180 + random.nextInt(60);
                }
                image.setRGB(x, y, value << 16 | value << 8 | value);
            }
        }
        return image;
    }

    static String name(int i) {
        return String.format("%03d.png", i);
    }

    static void png(BufferedImage image, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        ImageIO.write(image, "png", file.toFile());
    }
}

package org.clipfusion.datasets.internal.synthetic;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.imageio.ImageIO;
import org.clipfusion.tensor.image.MapRendering;
import org.clipfusion.tensor.image.RgbImage;

/** Writes the generator's PNGs, each to a temporary file in its folder and then moved into place, never half-written. */
final class PngFiles {
    private static final byte INSIDE = (byte) 255;

    private PngFiles() {
    }

    /** An 8-bit RGB PNG; the platform's own writer, which moves atomically too. */
    static void writeRgb(RgbImage image, Path file) throws IOException {
        MapRendering.writePng(image, file);
    }

    /** An 8-bit grey PNG of the mask: 255 inside, 0 outside, MVTec's convention. */
    static void writeMask(boolean[] mask, int width, int height, Path file) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        byte[] grey = new byte[width * height];
        for (int i = 0; i < grey.length; i++) {
            grey[i] = mask[i] ? INSIDE : 0;
        }
        image.getRaster().setDataElements(0, 0, width, height, grey);
        Path folder = file.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        Path temporary = Files.createTempFile(folder, ".clipfusion-mask-", ".png.tmp");
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

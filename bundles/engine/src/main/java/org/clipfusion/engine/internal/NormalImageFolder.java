package org.clipfusion.engine.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.clipfusion.api.DetectionException;
import org.clipfusion.api.InspectionImage;
import org.clipfusion.tensor.image.ImageDecodeException;
import org.clipfusion.tensor.image.ImageDecoder;
import org.clipfusion.tensor.image.RgbImage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The images of a folder of known-normal images, decoded one at a time (a large folder is never held in memory).
 * Only the folder's own regular, non-hidden files are read, in name order; a file that does not decode is logged in
 * one line and skipped.
 */
final class NormalImageFolder {
    private static final Logger LOG = LoggerFactory.getLogger(NormalImageFolder.class);

    /** What is done with each decoded image. */
    interface ImageConsumer {
        void accept(InspectionImage image) throws DetectionException;
    }

    private NormalImageFolder() {
    }

    /** @return how many images were decoded and handed over */
    static int forEachImage(String category, Path folder, ImageConsumer consumer) throws DetectionException {
        int decoded = 0;
        for (Path file : filesOf(category, folder)) {
            RgbImage rgb;
            try {
                rgb = ImageDecoder.decode(file);
            } catch (ImageDecodeException | RuntimeException e) {
                LOG.warn("category '{}': skipping {} in the normal images folder: {}", category, file,
                        e.getMessage());
                continue;
            }
            consumer.accept(new InspectionImage(file.getFileName().toString(), rgb.width(), rgb.height(),
                    rgb.rgbBytes(), Map.of("file", file.toString())));
            decoded++;
        }
        return decoded;
    }

    private static List<Path> filesOf(String category, Path folder) throws DetectionException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                if (Files.isRegularFile(entry) && !entry.getFileName().toString().startsWith(".")) {
                    files.add(entry);
                }
            }
        } catch (IOException e) {
            throw new DetectionException("category '" + category + "': normalImagesFolder " + folder
                    + " cannot be read: " + e);
        }
        files.sort(null);
        return files;
    }
}

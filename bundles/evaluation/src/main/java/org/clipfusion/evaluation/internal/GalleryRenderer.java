package org.clipfusion.evaluation.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.clipfusion.api.InspectionImage;
import org.clipfusion.datasets.DatasetException;
import org.clipfusion.datasets.SampleImages;
import org.clipfusion.evaluation.GalleryImage;
import org.clipfusion.metrics.ScoreRange;
import org.clipfusion.tensor.files.SafeFileNames;
import org.clipfusion.tensor.image.MapRendering;
import org.clipfusion.tensor.image.RgbImage;

/**
 * The report's gallery of a run: the highest-scored normal images (where false alarms come from) and the
 * highest-scored anomalous ones, each as its anomaly-map overlay with the ground-truth outline in green. All overlays
 * of a run share one colour scale (the run's map range), so they can be compared by eye.
 */
final class GalleryRenderer {
    private static final double OPACITY = 0.5;
    private static final int[] OUTLINE = {0, 230, 0};

    private final int perClass;

    GalleryRenderer(int perClass) {
        this.perClass = perClass;
    }

    /**
     * @param folder       where the PNGs go
     * @param relativeTo   the output folder the returned paths are relative to
     */
    List<GalleryImage> render(List<InspectedImage> images, MapSpill spill, ScoreRange range, Path folder,
                              Path relativeTo) throws IOException, DatasetException {
        List<GalleryImage> gallery = new ArrayList<>();
        for (boolean anomalous : new boolean[] {false, true}) {
            List<InspectedImage> picked = images.stream().filter(image -> image.sample().anomalous() == anomalous)
                    .sorted(Comparator.comparingDouble(InspectedImage::score).reversed()
                            .thenComparing(image -> image.sample().id()))
                    .limit(perClass).toList();
            for (InspectedImage image : picked) {
                Path file = folder.resolve(SafeFileNames.stem(image.sample().id()) + ".png");
                RgbImage overlay = overlay(image, spill, range);
                MapRendering.writePng(overlay, file);
                gallery.add(new GalleryImage(image.sample().id(), anomalous, image.score(),
                        relativeTo.relativize(file).toString().replace('\\', '/')));
            }
        }
        return gallery;
    }

    private static RgbImage overlay(InspectedImage image, MapSpill spill, ScoreRange range)
            throws IOException, DatasetException {
        InspectionImage photo = SampleImages.loadImage(image.sample());
        RgbImage rgb = new RgbImage(photo.width(), photo.height(), photo.rgb());
        int index = image.mapIndex();
        RgbImage heat = MapRendering.overlay(rgb, spill.read(index), spill.width(index), spill.height(index),
                (float) range.min(), (float) range.max(), OPACITY);
        if (!image.sample().anomalous()) {
            return heat;
        }
        boolean[] mask = SampleImages.loadMask(image.sample(), image.width(), image.height());
        return outline(heat, mask);
    }

    /** Paints the mask's boundary pixels (inside, next to outside) over the overlay. */
    static RgbImage outline(RgbImage image, boolean[] mask) {
        int width = image.width();
        int height = image.height();
        byte[] rgb = image.rgbBytes().clone();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (mask[y * width + x] && touchesOutside(mask, width, height, x, y)) {
                    for (int c = 0; c < 3; c++) {
                        rgb[3 * (y * width + x) + c] = (byte) OUTLINE[c];
                    }
                }
            }
        }
        return new RgbImage(width, height, rgb);
    }

    private static boolean touchesOutside(boolean[] mask, int width, int height, int x, int y) {
        for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
                int nx = x + dx;
                int ny = y + dy;
                if (nx < 0 || ny < 0 || nx >= width || ny >= height || !mask[ny * width + nx]) {
                    return true;
                }
            }
        }
        return false;
    }
}

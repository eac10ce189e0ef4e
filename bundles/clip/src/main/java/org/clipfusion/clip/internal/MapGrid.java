package org.clipfusion.clip.internal;

import org.clipfusion.tensor.image.FloatImage;
import org.clipfusion.tensor.image.TorchInterpolation;

/**
 * The grid PatchCLIP's maps live on: the image's aspect ratio, the longer side at most {@code longSide} pixels.
 * Regions given in image pixels are mapped onto it.
 */
final class MapGrid {
    final int width;
    final int height;
    private final double scaleX;
    private final double scaleY;

    private MapGrid(int width, int height, double scaleX, double scaleY) {
        this.width = width;
        this.height = height;
        this.scaleX = scaleX;
        this.scaleY = scaleY;
    }

    static MapGrid of(int imageWidth, int imageHeight, int longSide) {
        double scale = Math.min(1.0, longSide / (double) Math.max(imageWidth, imageHeight));
        int width = Math.max(1, (int) Math.round(imageWidth * scale));
        int height = Math.max(1, (int) Math.round(imageHeight * scale));
        return new MapGrid(width, height, width / (double) imageWidth, height / (double) imageHeight);
    }

    int x(int imageX) {
        return (int) Math.round(imageX * scaleX);
    }

    int y(int imageY) {
        return (int) Math.round(imageY * scaleY);
    }

    /**
     * Writes a coarse map (e.g. one value per ViT patch) bilinearly resized onto the square region {@code crop} of
     * the image, into {@code target}; returns which cells were written.
     */
    boolean[] paint(float[] target, float[] coarse, int coarseHeight, int coarseWidth, CropGrid.Crop crop) {
        int x0 = x(crop.x());
        int y0 = y(crop.y());
        int w = Math.max(1, Math.min(width - x0, x(crop.x() + crop.size()) - x0));
        int h = Math.max(1, Math.min(height - y0, y(crop.y() + crop.size()) - y0));
        float[] resized = TorchInterpolation.bilinear(FloatImage.ofMap(coarseHeight, coarseWidth, coarse), h, w)
                .data();
        boolean[] written = new boolean[width * height];
        for (int row = 0; row < h; row++) {
            for (int column = 0; column < w; column++) {
                int cell = (y0 + row) * width + x0 + column;
                target[cell] = resized[row * w + column];
                written[cell] = true;
            }
        }
        return written;
    }
}

package org.clipfusion.metrics.internal;

import java.util.Arrays;

/**
 * The connected regions of a ground-truth mask with 8-connectivity (pixels touching at an edge or a corner belong
 * together), as {@code scipy.ndimage.label} with a 3x3 structure in the MVTec script and
 * {@code skimage.measure.label(connectivity=2)}.
 *
 * <p>Uses memory proportional to one image: the label per pixel and a work queue of the same size.
 */
public final class ConnectedRegions {

    private final int[] labels;
    private final int[] sizes;

    private ConnectedRegions(int[] labels, int[] sizes) {
        this.labels = labels;
        this.sizes = sizes;
    }

    /** Labels {@code mask} (row-major, {@code width * height} entries, true = anomalous). */
    public static ConnectedRegions of(boolean[] mask, int width, int height) {
        int[] labels = new int[mask.length];
        int[] queue = new int[mask.length];
        int[] sizes = new int[8];
        int regionCount = 0;
        for (int seed = 0; seed < mask.length; seed++) {
            if (!mask[seed] || labels[seed] != 0) {
                continue;
            }
            regionCount++;
            if (regionCount == sizes.length) {
                sizes = Arrays.copyOf(sizes, 2 * sizes.length);
            }
            sizes[regionCount] = flood(mask, width, height, seed, regionCount, labels, queue);
        }
        return new ConnectedRegions(labels, Arrays.copyOf(sizes, regionCount + 1));
    }

    /** Breadth-first fill from {@code seed}; iterative so that large regions cannot overflow the stack. */
    private static int flood(boolean[] mask, int width, int height, int seed, int label, int[] labels, int[] queue) {
        int head = 0;
        int tail = 0;
        labels[seed] = label;
        queue[tail++] = seed;
        while (head < tail) {
            int pixel = queue[head++];
            int x = pixel % width;
            int y = pixel / width;
            for (int dy = -1; dy <= 1; dy++) {
                int ny = y + dy;
                if (ny < 0 || ny >= height) {
                    continue;
                }
                for (int dx = -1; dx <= 1; dx++) {
                    int nx = x + dx;
                    if (nx < 0 || nx >= width) {
                        continue;
                    }
                    int neighbour = ny * width + nx;
                    if (mask[neighbour] && labels[neighbour] == 0) {
                        labels[neighbour] = label;
                        queue[tail++] = neighbour;
                    }
                }
            }
        }
        return tail;
    }

    /** The number of regions. */
    public int count() {
        return sizes.length - 1;
    }

    /** The region of pixel {@code index}: 1 to {@link #count()}, or 0 for a normal pixel. */
    public int label(int index) {
        return labels[index];
    }

    /** The number of pixels of region {@code label} (1 to {@link #count()}). */
    public int size(int label) {
        return sizes[label];
    }
}

package org.clipfusion.diffusion.mapdiff.internal;

import org.clipfusion.tensor.image.FloatImage;
import org.clipfusion.tensor.image.TorchInterpolation;

/**
 * The grid MapDiff's maps live on: the latent grid, {@code side × side} cells of {@code scale} image pixels each
 * (64×64 cells of 8 px for SD at 512 px). The UNet's coarser stages are resized onto it bilinearly
 * ({@code align_corners = false}, as torch's {@code interpolate}).
 */
record LatentGrid(int side) {

    /**
     * Resizes a map of one UNet stage ({@code cells} values, row-major) onto this grid; the stage's height and width
     * follow from its cell count, since each stage halves the latent grid a whole number of times.
     */
    float[] resize(float[] stageMap) {
        int stageSide = stageSide(stageMap.length);
        if (stageSide == side) {
            return stageMap;
        }
        return TorchInterpolation.bilinear(FloatImage.ofMap(stageSide, stageSide, stageMap), side, side).data();
    }

    int cells() {
        return side * side;
    }

    private int stageSide(int cells) {
        for (int stageSide = side; stageSide >= 1; stageSide /= 2) {
            if (stageSide * stageSide == cells) {
                return stageSide;
            }
            if (stageSide % 2 != 0) {
                break;
            }
        }
        throw new IllegalArgumentException("a UNet map of " + cells + " cells is not the " + side + "×" + side
                + " latent grid halved a whole number of times");
    }
}

package org.clipfusion.engine.internal;

import org.clipfusion.api.AnomalyMap;
import org.clipfusion.tensor.image.FloatImage;
import org.clipfusion.tensor.image.GaussianBlur;
import org.clipfusion.tensor.image.TorchInterpolation;

/**
 * The square grid every map is compared, fused, smoothed and scored on, with the reference implementations'
 * semantics: PyTorch's {@code interpolate(mode="bilinear", align_corners=False)} to resample, scipy's
 * {@code gaussian_filter} to smooth.
 */
final class EvaluationGrid {
    private final int size;

    EvaluationGrid(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("evaluation grid must be at least 1x1, got " + size);
        }
        this.size = size;
    }

    int size() {
        return size;
    }

    /** The map on this grid (role and source kept); a map already on it is returned as it is. */
    AnomalyMap resample(AnomalyMap map) {
        if (map.width() == size && map.height() == size) {
            return map;
        }
        FloatImage resampled = TorchInterpolation.bilinear(FloatImage.ofMap(map.height(), map.width(), map.values()),
                size, size);
        return new AnomalyMap(size, size, resampled.data(), map.role(), map.source());
    }

    /** The map blurred with {@code blur} (role and source kept). */
    static AnomalyMap smooth(AnomalyMap map, GaussianBlur blur) {
        float[] smoothed = blur.apply(map.values(), map.height(), map.width());
        return new AnomalyMap(map.width(), map.height(), smoothed, map.role(), map.source());
    }
}

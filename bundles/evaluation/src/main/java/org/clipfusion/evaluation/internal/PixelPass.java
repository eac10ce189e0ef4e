package org.clipfusion.evaluation.internal;

import java.io.IOException;
import java.util.List;
import org.clipfusion.datasets.DatasetException;
import org.clipfusion.datasets.SampleImages;
import org.clipfusion.metrics.GroundTruthMask;
import org.clipfusion.metrics.PixelMetrics;
import org.clipfusion.metrics.PixelMetricsAccumulator;
import org.clipfusion.metrics.ScoreMap;
import org.clipfusion.metrics.ScoreRange;
import org.clipfusion.tensor.image.FloatImage;
import org.clipfusion.tensor.image.TorchInterpolation;

/**
 * The second pass of a run: every spilled map against its ground truth, one image at a time, into a binned
 * accumulator. Memory: one map and one mask at the evaluation resolution plus the histogram, whatever the number of
 * images.
 */
final class PixelPass {
    private final int pixelSize;
    private final int bins;

    /** @param pixelSize 0 = each mask's own resolution; otherwise the side of the square grid */
    PixelPass(int pixelSize, int bins) {
        this.pixelSize = pixelSize;
        this.bins = bins;
    }

    /**
     * @param range the lowest and highest map value of the run (resampling never leaves it: bilinear weights are
     *              convex, and rounding beyond it is clamped)
     * @throws DatasetException when a mask that read fine in the first pass no longer does
     */
    PixelMetrics compute(List<InspectedImage> images, MapSpill spill, ScoreRange range)
            throws IOException, DatasetException {
        PixelMetricsAccumulator accumulator = new PixelMetricsAccumulator(widen(range), bins);
        for (InspectedImage image : images) {
            boolean[] mask = SampleImages.loadMask(image.sample(), image.width(), image.height());
            float[] map = spill.read(image.mapIndex());
            int mapWidth = spill.width(image.mapIndex());
            int mapHeight = spill.height(image.mapIndex());
            int side = pixelSize;
            if (side == 0) {
                float[] scores = clamp(resize(map, mapWidth, mapHeight, image.width(), image.height()), range);
                accumulator.add(new ScoreMap(scores, image.width(), image.height()),
                        new GroundTruthMask(mask, image.width(), image.height()));
            } else {
                float[] scores = clamp(resize(map, mapWidth, mapHeight, side, side), range);
                accumulator.add(new ScoreMap(scores, side, side),
                        new GroundTruthMask(nearest(mask, image.width(), image.height(), side), side, side));
            }
        }
        return accumulator.result();
    }

    static float[] resize(float[] map, int width, int height, int toWidth, int toHeight) {
        if (width == toWidth && height == toHeight) {
            return map;
        }
        return TorchInterpolation.bilinear(FloatImage.ofMap(height, width, map), toHeight, toWidth).data();
    }

    private static boolean[] nearest(boolean[] mask, int width, int height, int side) {
        float[] values = new float[mask.length];
        for (int i = 0; i < mask.length; i++) {
            values[i] = mask[i] ? 1f : 0f;
        }
        float[] resized = TorchInterpolation.nearest(FloatImage.ofMap(height, width, values), side, side).data();
        boolean[] out = new boolean[resized.length];
        for (int i = 0; i < resized.length; i++) {
            out[i] = resized[i] > 0.5f;
        }
        return out;
    }

    private static float[] clamp(float[] scores, ScoreRange range) {
        float low = (float) range.min();
        float high = (float) range.max();
        float[] out = scores.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.max(low, Math.min(high, out[i]));
        }
        return out;
    }

    /** A constant map still needs a range of non-zero width to bin over. */
    private static ScoreRange widen(ScoreRange range) {
        return range.max() > range.min() ? range : new ScoreRange(range.min() - 0.5, range.max() + 0.5);
    }
}

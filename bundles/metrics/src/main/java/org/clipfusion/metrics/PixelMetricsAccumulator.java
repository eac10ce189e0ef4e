package org.clipfusion.metrics;

import java.util.Objects;
import org.clipfusion.metrics.internal.ImagePixels;
import org.clipfusion.metrics.internal.InputChecks;
import org.clipfusion.metrics.internal.PixelMetricsCalculation;
import org.clipfusion.metrics.internal.ScoreHistogram;

/**
 * Pixel AUROC, AP, F1-max and AUPRO of a whole category, fed one image at a time and computed from score histograms.
 *
 * <p><b>Memory is independent of the number of pixels and images</b>: about 32 bytes per bin (2 MiB at the default
 * {@value #DEFAULT_BINS} bins) plus, during {@link #add}, two int arrays of the size of the image being added (its
 * region labels and a work queue), released when the call returns.
 *
 * <p>Binning: the caller declares the {@link ScoreRange} up front (typically from a first pass with
 * {@link ScoreRangeFinder}); the range is cut into equal bins and each pixel counted in its bin. The metrics are then
 * the exact metrics of the pixels with their scores replaced by their bin, each binned operating point being an exact
 * one (the bin's lowest score as threshold). Every value comes with a bound on its distance from the exact
 * (sklearn / MVTec) value, computed from the bins that hold more than one distinct score; bins of a single score are
 * exact, so for scores with few distinct values (quantized maps) the result is exact and the bounds are 0:
 * <ul>
 *   <li>AUROC: {@code |binned - exact| <= (1/2) sum over mixed bins of anomalous * normal pixels / (P * N)}, since
 *       only pairs inside one bin can be misordered and each counts 1/2 instead of 0 or 1;</li>
 *   <li>AP: {@code |binned - exact| <= bound}, from the lowest and highest precision any operating point inside a
 *       mixed bin could have;</li>
 *   <li>F1-max: {@code binned <= exact <= binned + bound}, the bound from the best F1 any threshold inside a mixed
 *       bin could reach;</li>
 *   <li>AUPRO: {@code |binned - exact| <= bound}, the area of the half-boxes the exact PRO curve may cut across
 *       between consecutive binned points of mixed bins.</li>
 * </ul>
 * More bins shrink the bounds; {@link PixelMetrics} reports them next to the values.
 *
 * <p>Not thread-safe; accumulate per thread and combine with {@link #addAll}.
 */
public final class PixelMetricsAccumulator implements PixelMetricsCollector {

    /** 2^16 bins: bounds well under 1e-3 for continuous scores of a category of ordinary size. */
    public static final int DEFAULT_BINS = 1 << 16;

    /** The most bins allowed, 2^24 (512 MiB of histogram would follow from anything larger). */
    public static final int MAX_BINS = 1 << 24;

    private final ScoreRange range;
    private final ScoreHistogram histogram;
    private long regions;
    private int images;

    /** An accumulator of {@value #DEFAULT_BINS} bins over {@code range}. */
    public PixelMetricsAccumulator(ScoreRange range) {
        this(range, DEFAULT_BINS);
    }

    /**
     * An accumulator of {@code bins} bins over {@code range}.
     *
     * @throws IllegalArgumentException when {@code bins} is not in {@code [1, MAX_BINS]}
     */
    public PixelMetricsAccumulator(ScoreRange range, int bins) {
        this.range = Objects.requireNonNull(range, "range");
        if (bins < 1 || bins > MAX_BINS) {
            throw new IllegalArgumentException("bins must be in [1, " + MAX_BINS + "]: " + bins);
        }
        this.histogram = new ScoreHistogram(range.min(), range.max(), bins);
    }

    /** {@inheritDoc} Scores must also lie inside the declared range. */
    @Override
    public void add(ScoreMap map, GroundTruthMask mask) {
        InputChecks.requireImage(map.scores(), map.width(), map.height(), mask.width(), mask.height(), images);
        InputChecks.requireInRange(map.scores(), map.width(), images, range.min(), range.max());
        regions += ImagePixels.feed(map.scores(), mask.anomalous(), map.width(), map.height(), histogram::add);
        images++;
    }

    /**
     * Adds everything {@code other} accumulated, for evaluations split over threads.
     *
     * @throws IllegalArgumentException when the two differ in range or bins
     */
    public void addAll(PixelMetricsAccumulator other) {
        histogram.addAll(other.histogram);
        regions += other.regions;
        images += other.images;
    }

    /** {@inheritDoc} O(bins) time and memory. */
    @Override
    public PixelMetrics result() {
        return PixelMetricsCalculation.of(histogram.toGroups(), regions, images);
    }

    public ScoreRange range() {
        return range;
    }

    public int bins() {
        return histogram.bins();
    }

    @Override
    public int images() {
        return images;
    }
}

package org.clipfusion.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.clipfusion.metrics.MetricFixtures.PixelCase;
import org.clipfusion.metrics.MetricFixtures.PixelImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Exact and binned pixel metrics against the sklearn / MVTec-script values of the fixtures. */
class PixelMetricsFixtureTest {

    private static final double EXACT = 1e-6;
    /** Room for the rounding of the reference's float sums on top of a stated bound. */
    private static final double ROUNDING = 1e-9;

    static List<PixelCase> pixelCases() {
        return MetricFixtures.pixelCases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pixelCases")
    void exactMetricsAgreeWithTheReference(PixelCase fixture) {
        ExactPixelMetrics exact = new ExactPixelMetrics();
        fixture.images().forEach(image -> exact.add(image.map(), image.groundTruth()));
        PixelMetrics metrics = exact.result();

        assertEquals(fixture.regions8Connected(), metrics.regions(), "8-connected regions");
        assertEquals(fixture.images().size(), metrics.images());
        assertMatches(fixture.auroc(), metrics.auroc(), EXACT, "AUROC");
        assertEquals(fixture.f1Max(), metrics.f1Max(), EXACT, "F1-max");
        assertEquals(fixture.f1Threshold(), metrics.f1Threshold(), EXACT, "F1-max threshold");
        assertMatches(fixture.aupro(), metrics.aupro(), EXACT, "AUPRO");
        assertEquals(MetricFixtures.pixelAveragePrecision(fixture.name()), metrics.averagePrecision(), EXACT, "AP");
        assertEquals(0.0, metrics.averagePrecisionErrorBound());
        assertEquals(0.0, metrics.f1MaxErrorBound());
        if (fixture.auroc() != null) {
            assertEquals(0.0, metrics.aurocErrorBound());
            assertEquals(0.0, metrics.auproErrorBound());
        } else {
            assertTrue(metrics.undefinedReason().isPresent(), "undefined AUROC and AUPRO come with a reason");
        }
    }

    @Test
    void regionsJoinedAtCornersCountOnceAsIn8Connectivity() {
        PixelCase fixture = MetricFixtures.pixelCase("diagonal_regions");
        ExactPixelMetrics exact = new ExactPixelMetrics();
        fixture.images().forEach(image -> exact.add(image.map(), image.groundTruth()));

        assertTrue(fixture.regions8Connected() < fixture.regions4Connected(), "the fixture tells the two apart");
        assertEquals(fixture.regions8Connected(), exact.result().regions());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pixelCases")
    void binnedMetricsAtDefaultBinsAreWithinASmallStatedBound(PixelCase fixture) {
        PixelMetrics metrics = binned(fixture, PixelMetricsAccumulator.DEFAULT_BINS);

        assertWithinStatedBounds(fixture, metrics);
        if (fixture.auroc() != null) {
            assertTrue(metrics.aurocErrorBound() < 1e-3, "AUROC bound " + metrics.aurocErrorBound());
            assertTrue(metrics.f1MaxErrorBound() < 1e-3, "F1 bound " + metrics.f1MaxErrorBound());
            assertTrue(metrics.auproErrorBound() < 1e-3, "AUPRO bound " + metrics.auproErrorBound());
            assertTrue(metrics.averagePrecisionErrorBound() < 1e-3, "AP bound " + metrics.averagePrecisionErrorBound());
        }
    }

    @ParameterizedTest(name = "{0} bins")
    @ValueSource(ints = {1, 2, 7, 64, 1024})
    void coarseBinsStayWithinTheirLargerBounds(int bins) {
        for (PixelCase fixture : pixelCases()) {
            assertWithinStatedBounds(fixture, binned(fixture, bins));
        }
    }

    @ParameterizedTest(name = "{0} bins")
    @ValueSource(ints = {64, 4096, PixelMetricsAccumulator.DEFAULT_BINS})
    void binsOfOneDistinctScoreEachAreExact(int bins) {
        // 33 levels 1/15 apart over [-0.8, 1.4]: from 64 bins (narrower than half a step) no bin holds two levels.
        PixelCase fixture = MetricFixtures.pixelCase("quantized_heavy_ties");
        PixelMetrics metrics = binned(fixture, bins);

        assertEquals(0.0, metrics.aurocErrorBound());
        assertEquals(0.0, metrics.f1MaxErrorBound());
        assertEquals(0.0, metrics.auproErrorBound());
        assertEquals(0.0, metrics.averagePrecisionErrorBound());
        assertEquals(MetricFixtures.pixelAveragePrecision(fixture.name()), metrics.averagePrecision(), EXACT);
        assertEquals(fixture.auroc(), metrics.auroc(), EXACT);
        assertEquals(fixture.f1Max(), metrics.f1Max(), EXACT);
        assertEquals(fixture.f1Threshold(), metrics.f1Threshold(), EXACT);
        assertEquals(fixture.aupro(), metrics.aupro(), EXACT);
    }

    /** The bound is not vacuous: coarse bins do move AP, and the bound covers the move. */
    @Test
    void coarseBinsMoveAveragePrecisionWithinTheBound() {
        PixelCase fixture = MetricFixtures.pixelCase("blobs_continuous");
        PixelMetrics metrics = binned(fixture, 7);
        double exact = MetricFixtures.pixelAveragePrecision(fixture.name());

        assertTrue(Math.abs(metrics.averagePrecision() - exact) > 1e-3, "7 bins should change AP");
        assertTrue(Math.abs(metrics.averagePrecision() - exact) <= metrics.averagePrecisionErrorBound());
    }

    /**
     * A map and mask of the same pixel count but transposed sizes are refused, by both collectors: read with one
     * shared (width, height) this fixture's 32x24 masks give other regions, and AUPRO moves.
     */
    @Test
    void aMapOfTheMasksSizeTransposedIsRefusedByBothCollectors() {
        PixelImage image = MetricFixtures.pixelCase("blobs_continuous").images().get(1);
        ScoreMap transposed = new ScoreMap(image.scores(), image.height(), image.width());
        List<PixelMetricsCollector> collectors = List.of(new ExactPixelMetrics(),
                new PixelMetricsAccumulator(new ScoreRange(-10, 10)));
        for (PixelMetricsCollector collector : collectors) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> collector.add(transposed, image.groundTruth()));
            assertEquals("image 0: map is 24x32 (width x height) but its mask is 32x24 (width and height swapped?)",
                    e.getMessage());
            assertEquals(0, collector.images(), "a refused image is not counted");
        }
    }

    @Test
    void mapAndMaskOfDifferentSizesAreRefused() {
        ExactPixelMetrics exact = new ExactPixelMetrics();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> exact.add(new ScoreMap(new float[6], 3, 2), new GroundTruthMask(new boolean[6], 6, 1)));
        assertEquals("image 0: map is 3x2 (width x height) but its mask is 6x1", e.getMessage());
    }

    private static PixelMetrics binned(PixelCase fixture, int bins) {
        ScoreRangeFinder firstPass = new ScoreRangeFinder();
        fixture.images().forEach(image -> firstPass.add(image.scores()));
        PixelMetricsAccumulator accumulator = new PixelMetricsAccumulator(firstPass.range(), bins);
        for (PixelImage image : fixture.images()) {
            accumulator.add(image.map(), image.groundTruth());
        }
        return accumulator.result();
    }

    private static void assertWithinStatedBounds(PixelCase fixture, PixelMetrics metrics) {
        String name = fixture.name() + ": ";
        assertEquals(fixture.regions8Connected(), metrics.regions(), name + "regions");
        if (fixture.auroc() == null) {
            assertTrue(Double.isNaN(metrics.auroc()), name + "AUROC undefined");
            assertTrue(Double.isNaN(metrics.aupro()), name + "AUPRO undefined");
        } else {
            assertEquals(fixture.auroc(), metrics.auroc(), metrics.aurocErrorBound() + ROUNDING, name + "AUROC");
            assertEquals(fixture.aupro(), metrics.aupro(), metrics.auproErrorBound() + ROUNDING, name + "AUPRO");
        }
        double ap = MetricFixtures.pixelAveragePrecision(fixture.name());
        assertEquals(ap, metrics.averagePrecision(), metrics.averagePrecisionErrorBound() + ROUNDING, name + "AP");
        // F1: binned thresholds are a subset of the exact ones, so the binned maximum is below, within the bound.
        assertTrue(metrics.f1Max() <= fixture.f1Max() + ROUNDING, name + "binned F1 above exact");
        assertTrue(fixture.f1Max() <= metrics.f1Max() + metrics.f1MaxErrorBound() + ROUNDING,
                name + "exact F1 " + fixture.f1Max() + " beyond " + metrics.f1Max() + " + " + metrics.f1MaxErrorBound());
    }

    private static void assertMatches(Double expected, double actual, double tolerance, String what) {
        if (expected == null) {
            assertTrue(Double.isNaN(actual), what + " should be undefined (NaN), was " + actual);
        } else {
            assertEquals(expected, actual, tolerance, what);
        }
    }
}

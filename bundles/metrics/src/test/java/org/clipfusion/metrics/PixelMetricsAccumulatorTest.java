package org.clipfusion.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.clipfusion.metrics.MetricFixtures.PixelCase;
import org.clipfusion.metrics.MetricFixtures.PixelImage;
import org.junit.jupiter.api.Test;

class PixelMetricsAccumulatorTest {

    private static final ScoreRange UNIT = new ScoreRange(0, 1);

    @Test
    void aByteMaskCountsEveryNonZeroByteAsAnomalous() {
        PixelCase fixture = MetricFixtures.pixelCase("blobs_continuous");
        PixelMetricsAccumulator withBooleans = new PixelMetricsAccumulator(rangeOf(fixture.images()));
        PixelMetricsAccumulator withBytes = new PixelMetricsAccumulator(rangeOf(fixture.images()));
        for (PixelImage image : fixture.images()) {
            withBooleans.add(image.map(), image.groundTruth());
            withBytes.add(image.map(), GroundTruthMask.ofBytes(asPngBytes(image.mask()), image.width(), image.height()));
        }

        assertEquals(withBooleans.result(), withBytes.result());
    }

    @Test
    void accumulatorsFilledSeparatelyAddUpToOne() {
        PixelCase fixture = MetricFixtures.pixelCase("diagonal_regions");
        ScoreRange range = rangeOf(fixture.images());
        PixelMetricsAccumulator whole = new PixelMetricsAccumulator(range, 4096);
        PixelMetricsAccumulator first = new PixelMetricsAccumulator(range, 4096);
        PixelMetricsAccumulator second = new PixelMetricsAccumulator(range, 4096);
        List<PixelImage> images = fixture.images();
        for (int i = 0; i < images.size(); i++) {
            PixelImage image = images.get(i);
            whole.add(image.map(), image.groundTruth());
            (i % 2 == 0 ? first : second).add(image.map(), image.groundTruth());
        }
        first.addAll(second);

        assertEquals(whole.result(), first.result());
    }

    @Test
    void refusesToCombineDifferentBinnings() {
        PixelMetricsAccumulator coarse = new PixelMetricsAccumulator(UNIT, 16);
        PixelMetricsAccumulator fine = new PixelMetricsAccumulator(UNIT, 32);

        assertThrows(IllegalArgumentException.class, () -> coarse.addAll(fine));
    }

    @Test
    void oneBinMakesEveryPairATieAndSaysSo() {
        PixelMetricsAccumulator accumulator = new PixelMetricsAccumulator(UNIT, 1);
        accumulator.add(new ScoreMap(new float[] {0.1f, 0.9f, 0.2f, 0.8f}, 2, 2), new GroundTruthMask(new boolean[] {false, true, false, true}, 2, 2));
        PixelMetrics metrics = accumulator.result();

        assertEquals(0.5, metrics.auroc());
        assertEquals(0.5, metrics.aurocErrorBound(), "the exact AUROC (1) is as far as the bound allows");
        assertEquals(0.1f, metrics.f1Threshold(), 0.0, "the threshold is the bin's lowest actual score");
    }

    @Test
    void scoresAtBothEndsOfTheRangeAreCounted() {
        PixelMetricsAccumulator accumulator = new PixelMetricsAccumulator(UNIT);
        accumulator.add(new ScoreMap(new float[] {0f, 1f, 0f, 1f}, 4, 1), new GroundTruthMask(new boolean[] {false, true, false, true}, 4, 1));
        PixelMetrics metrics = accumulator.result();

        assertEquals(1.0, metrics.auroc());
        assertEquals(1.0, metrics.aupro());
        assertEquals(2, metrics.regions(), "two single pixels apart on one row");
    }

    @Test
    void aConstantRangeTakesConstantScores() {
        PixelMetricsAccumulator accumulator = new PixelMetricsAccumulator(new ScoreRange(0.5, 0.5));
        accumulator.add(new ScoreMap(new float[] {0.5f, 0.5f}, 2, 1), new GroundTruthMask(new boolean[] {true, false}, 2, 1));

        assertEquals(0.5, accumulator.result().auroc());
        assertEquals(0.0, accumulator.result().aurocErrorBound(), "a single distinct score is an exact tie");
    }

    @Test
    void rejectsAScoreOutsideTheRangeNamingThePixel() {
        PixelMetricsAccumulator accumulator = new PixelMetricsAccumulator(UNIT);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> accumulator.add(new ScoreMap(new float[] {0.5f, 0.5f, 0.5f, 1.5f}, 2, 2), new GroundTruthMask(new boolean[4], 2, 2)));

        assertTrue(e.getMessage().contains("image 0, pixel 3 (x=1, y=1)"), e.getMessage());
        assertTrue(e.getMessage().contains("outside the declared range"), e.getMessage());
    }

    @Test
    void rejectsNaNNamingThePixel() {
        PixelMetricsAccumulator accumulator = new PixelMetricsAccumulator(UNIT);
        accumulator.add(new ScoreMap(new float[] {0.5f, 0.5f}, 2, 1), new GroundTruthMask(new boolean[] {true, false}, 2, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> accumulator.add(new ScoreMap(new float[] {0.5f, Float.NaN}, 1, 2), new GroundTruthMask(new boolean[2], 1, 2)));

        assertTrue(e.getMessage().contains("image 1, pixel 1 (x=0, y=1) has score NaN"), e.getMessage());
    }

    @Test
    void aRejectedImageLeavesTheAccumulatorUnchanged() {
        float[] scores = {0.2f, 0.7f, 0.4f};
        boolean[] mask = {false, true, false};
        PixelMetricsAccumulator clean = new PixelMetricsAccumulator(UNIT);
        clean.add(new ScoreMap(scores, 3, 1), new GroundTruthMask(mask, 3, 1));
        PixelMetricsAccumulator disturbed = new PixelMetricsAccumulator(UNIT);
        assertThrows(IllegalArgumentException.class,
                () -> disturbed.add(new ScoreMap(new float[] {0.9f, 0.9f, Float.NaN}, 3, 1), new GroundTruthMask(new boolean[] {true, true, true}, 3, 1)));
        disturbed.add(new ScoreMap(scores, 3, 1), new GroundTruthMask(mask, 3, 1));

        assertEquals(clean.result(), disturbed.result());
        assertEquals(1, disturbed.images());
    }

    @Test
    void rejectsSizesThatDisagree() {
        PixelMetricsAccumulator accumulator = new PixelMetricsAccumulator(UNIT);

        IllegalArgumentException scores = assertThrows(IllegalArgumentException.class,
                () -> new ScoreMap(new float[5], 3, 2));
        IllegalArgumentException mask = assertThrows(IllegalArgumentException.class,
                () -> new GroundTruthMask(new boolean[7], 3, 2));
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> accumulator.add(new ScoreMap(new float[0], 0, 0), new GroundTruthMask(new boolean[0], 0, 0)));
        assertEquals("3x2 = 6 pixels, but 5 scores", scores.getMessage());
        assertEquals("3x2 = 6 pixels, but 7 mask entries", mask.getMessage());
        assertEquals(0, accumulator.images());
        assertTrue(empty.getMessage().contains("empty"), empty.getMessage());
    }

    @Test
    void hasNoResultBeforeTheFirstImage() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new PixelMetricsAccumulator(UNIT).result());
        assertTrue(e.getMessage().contains("no image"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> new ExactPixelMetrics().result());
    }

    @Test
    void rejectsImpossibleBinCounts() {
        assertThrows(IllegalArgumentException.class, () -> new PixelMetricsAccumulator(UNIT, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new PixelMetricsAccumulator(UNIT, PixelMetricsAccumulator.MAX_BINS + 1));
    }

    @Test
    void reportsUndefinedMetricsWithTheirReason() {
        PixelMetricsAccumulator accumulator = new PixelMetricsAccumulator(UNIT, 8);
        accumulator.add(new ScoreMap(new float[] {0.1f, 0.3f}, 2, 1), new GroundTruthMask(new boolean[2], 2, 1));
        PixelMetrics metrics = accumulator.result();

        assertTrue(Double.isNaN(metrics.auroc()) && Double.isNaN(metrics.aupro()));
        assertEquals(0.0, metrics.f1Max());
        assertTrue(metrics.undefinedReason().orElseThrow().contains("no anomalous pixels"));
    }

    private static ScoreRange rangeOf(List<PixelImage> images) {
        ScoreRangeFinder finder = new ScoreRangeFinder();
        images.forEach(image -> finder.add(image.scores()));
        return finder.range();
    }

    private static byte[] asPngBytes(boolean[] mask) {
        byte[] bytes = new byte[mask.length];
        for (int i = 0; i < mask.length; i++) {
            bytes[i] = mask[i] ? (byte) 255 : 0;
        }
        return bytes;
    }
}

package org.clipfusion.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.clipfusion.metrics.MetricFixtures.ImageCase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ImageMetricsTest {

    private static final double EXACT = 1e-6;

    static List<ImageCase> imageCases() {
        return MetricFixtures.imageCases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("imageCases")
    void agreesWithSklearn(ImageCase fixture) {
        ImageMetrics metrics = ImageMetrics.of(fixture.scores(), fixture.labels());

        if (fixture.auroc() == null) {
            assertTrue(Double.isNaN(metrics.auroc()), "sklearn raises, so AUROC is NaN");
            assertTrue(metrics.undefinedReason().isPresent(), "an undefined AUROC comes with its reason");
        } else {
            assertEquals(fixture.auroc(), metrics.auroc(), EXACT, "AUROC");
            assertFalse(metrics.undefinedReason().isPresent());
        }
        assertEquals(fixture.ap(), metrics.averagePrecision(), EXACT, "AP");
        assertEquals(fixture.f1Max(), metrics.f1Max(), EXACT, "F1-max");
        assertEquals(fixture.f1Threshold(), metrics.f1Threshold(), EXACT, "F1-max threshold");
    }

    @Test
    void countsBothClasses() {
        ImageMetrics metrics = ImageMetrics.of(new double[] {0.1, 0.9, 0.4}, new boolean[] {false, true, false});

        assertEquals(2, metrics.normalImages());
        assertEquals(1, metrics.anomalousImages());
        assertEquals(1.0, metrics.auroc());
    }

    @Test
    void namesTheReasonWhenOnlyOneClassIsPresent() {
        ImageMetrics allNormal = ImageMetrics.of(new double[] {0.2, 0.3}, new boolean[] {false, false});
        ImageMetrics allAnomalous = ImageMetrics.of(new double[] {0.2, 0.3}, new boolean[] {true, true});

        assertTrue(allNormal.undefinedReason().orElseThrow().contains("no anomalous images"));
        assertTrue(allAnomalous.undefinedReason().orElseThrow().contains("no normal images"));
    }

    @Test
    void rejectsEmptyInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImageMetrics.of(new double[0], new boolean[0]));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void rejectsDifferingLengths() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImageMetrics.of(new double[] {1, 2}, new boolean[] {true}));
        assertTrue(e.getMessage().contains("2 scores, 1 labels"), e.getMessage());
    }

    @Test
    void rejectsNaNAndInfiniteScoresByIndex() {
        boolean[] labels = {true, false, true, false};
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> ImageMetrics.of(new double[] {0.1, 0.2, Double.NaN, 0.4}, labels));
        IllegalArgumentException infinite = assertThrows(IllegalArgumentException.class,
                () -> ImageMetrics.of(new double[] {0.1, Double.POSITIVE_INFINITY, 0.3, 0.4}, labels));

        assertTrue(nan.getMessage().contains("index 2"), nan.getMessage());
        assertTrue(infinite.getMessage().contains("index 1"), infinite.getMessage());
    }
}

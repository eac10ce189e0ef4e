package org.clipfusion.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MetricSummaryTest {

    @Test
    void meanAndSampleStandardDeviation() {
        MetricSummary summary = MetricSummary.of(0.90, 0.95, 1.00);

        assertEquals(3, summary.count());
        assertEquals(0.95, summary.mean(), 1e-12);
        assertEquals(0.05, summary.sampleStd(), 1e-12, "numpy.std(ddof=1)");
        assertEquals(0.05 * Math.sqrt(2.0 / 3.0), summary.populationStd(), 1e-12, "numpy.std()");
    }

    @Test
    void formatsInPercent() {
        assertEquals("95.00 ± 5.00", MetricSummary.of(0.90, 0.95, 1.00).toPercentString(2));
        assertEquals("97.3", MetricSummary.of(0.973).toPercentString(1));
    }

    @Test
    void aSingleValueHasNoSampleSpread() {
        MetricSummary summary = MetricSummary.of(0.8);

        assertTrue(Double.isNaN(summary.sampleStd()));
        assertEquals(0.0, summary.populationStd());
    }

    @Test
    void rejectsEmptyAndUndefinedValues() {
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, MetricSummary::of);
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> MetricSummary.of(0.5, Double.NaN));

        assertTrue(empty.getMessage().contains("empty"), empty.getMessage());
        assertTrue(nan.getMessage().contains("index 1"), nan.getMessage());
    }
}

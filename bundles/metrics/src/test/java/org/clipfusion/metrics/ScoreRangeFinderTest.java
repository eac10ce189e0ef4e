package org.clipfusion.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ScoreRangeFinderTest {

    @Test
    void spansEveryImage() {
        ScoreRangeFinder finder = new ScoreRangeFinder();
        finder.add(new float[] {0.5f, 0.25f});
        finder.add(new float[] {-1.5f, 2f});

        assertEquals(new ScoreRange(-1.5, 2), finder.range());
    }

    @Test
    void rejectsNaNAndKeepsTheRangeOfTheImagesBefore() {
        ScoreRangeFinder finder = new ScoreRangeFinder();
        finder.add(new float[] {0.5f});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> finder.add(new float[] {9f, Float.NaN}));

        assertTrue(e.getMessage().contains("image 1, pixel 1"), e.getMessage());
        assertEquals(new ScoreRange(0.5, 0.5), finder.range());
    }

    @Test
    void hasNoRangeWithoutScores() {
        assertThrows(IllegalStateException.class, () -> new ScoreRangeFinder().range());
    }

    @Test
    void rangesMustBeFiniteAndOrdered() {
        assertThrows(IllegalArgumentException.class, () -> new ScoreRange(1, 0));
        assertThrows(IllegalArgumentException.class, () -> new ScoreRange(Double.NaN, 0));
        assertThrows(IllegalArgumentException.class, () -> new ScoreRange(0, Double.POSITIVE_INFINITY));
    }
}

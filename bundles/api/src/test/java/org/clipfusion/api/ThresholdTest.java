package org.clipfusion.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ThresholdTest {

    @Test
    void scoresStrictlyAboveTheValueAreAnomalous() {
        Threshold threshold = new Threshold(0.5, ThresholdSource.FIXED_VALUE, "set by hand");
        assertEquals(Decision.NORMAL, threshold.decide(0.5));
        assertEquals(Decision.ANOMALOUS, threshold.decide(0.5000001));
        assertEquals(Decision.NORMAL, threshold.decide(-3));
    }

    @Test
    void withoutThresholdNothingIsDecided() {
        Threshold unset = Threshold.unset();
        assertTrue(Double.isNaN(unset.value()));
        assertEquals(Decision.UNDECIDED, unset.decide(100));
    }

    @Test
    void aSetThresholdMustBeFinite() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Threshold(Double.NaN, ThresholdSource.REFERENCES_LEAVE_ONE_OUT, ""));
        assertTrue(e.getMessage().contains("REFERENCES_LEAVE_ONE_OUT"), e.getMessage());
    }
}

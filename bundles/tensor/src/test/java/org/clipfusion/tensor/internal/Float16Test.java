package org.clipfusion.tensor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Properties over all 65536 bit patterns; the values themselves are checked against numpy in
 * {@code SafetensorsFileFixtureTest} and {@code SafetensorsWriterTest}.
 */
class Float16Test {

    @Test
    void everyHalfSurvivesWideningAndNarrowing() {
        for (int bits = 0; bits <= 0xFFFF; bits++) {
            float widened = Float16.toFloat((short) bits);
            short narrowed = Float16.fromFloat(widened);
            if (Float.isNaN(widened)) {
                assertTrue(Float.isNaN(Float16.toFloat(narrowed)), "NaN stays NaN: " + Integer.toHexString(bits));
                assertEquals(bits & 0x8000, narrowed & 0x8000, "NaN keeps its sign");
            } else {
                assertEquals(bits, narrowed & 0xFFFF, "half " + Integer.toHexString(bits));
            }
        }
    }

    @Test
    void halfWideningIsMonotonicOverPositiveFiniteValues() {
        float previous = Float16.toFloat((short) 0);
        for (int bits = 1; bits <= 0x7BFF; bits++) {
            float current = Float16.toFloat((short) bits);
            assertTrue(current > previous, "half " + Integer.toHexString(bits));
            previous = current;
        }
        assertEquals(65504f, previous);
        assertEquals(0x1p-24f, Float16.toFloat((short) 1));
    }

    @Test
    void signallingNanPayloadCannotNarrowToInfinity() {
        float payloadOnlyInLowBits = Float.intBitsToFloat(0x7F800001);
        assertTrue(Float.isNaN(Float16.toFloat(Float16.fromFloat(payloadOnlyInLowBits))));
    }
}

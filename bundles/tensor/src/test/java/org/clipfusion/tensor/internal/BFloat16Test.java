package org.clipfusion.tensor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Properties over all 65536 bit patterns; the values themselves are checked against torch in
 * {@code SafetensorsFileFixtureTest} and {@code SafetensorsWriterTest}.
 */
class BFloat16Test {

    @Test
    void everyBfloat16SurvivesWideningAndNarrowing() {
        for (int bits = 0; bits <= 0xFFFF; bits++) {
            float widened = BFloat16.toFloat((short) bits);
            short narrowed = BFloat16.fromFloat(widened);
            if (Float.isNaN(widened)) {
                assertTrue(Float.isNaN(BFloat16.toFloat(narrowed)), "NaN stays NaN: " + Integer.toHexString(bits));
            } else {
                assertEquals(bits, narrowed & 0xFFFF, "bfloat16 " + Integer.toHexString(bits));
            }
        }
    }

    @Test
    void signallingNanPayloadCannotNarrowToInfinity() {
        float payloadOnlyInLowBits = Float.intBitsToFloat(0x7F800001);
        assertTrue(Float.isNaN(BFloat16.toFloat(BFloat16.fromFloat(payloadOnlyInLowBits))));
    }

    @Test
    void largestFloatRoundsToInfinityLikeTorch() {
        assertEquals((short) 0x7F80, BFloat16.fromFloat(Float.MAX_VALUE));
        assertEquals((short) 0x7F7F, BFloat16.fromFloat(Float.intBitsToFloat(0x7F7F7FFF)));
    }
}

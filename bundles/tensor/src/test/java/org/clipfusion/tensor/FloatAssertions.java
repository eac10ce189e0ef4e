package org.clipfusion.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bit-exact float comparison that treats every NaN as equal to every NaN of the same sign. */
final class FloatAssertions {
    private FloatAssertions() {
    }

    static void assertSameFloatBits(float expected, float actual, String where) {
        int expectedBits = Float.floatToRawIntBits(expected);
        int actualBits = Float.floatToRawIntBits(actual);
        if (Float.isNaN(expected)) {
            // The JVM may quieten a signalling NaN when moving it through registers; the payload is not data.
            assertTrue(Float.isNaN(actual), where + ": expected NaN, got " + actual);
            assertEquals(expectedBits >>> 31, actualBits >>> 31, where + ": sign of NaN");
            return;
        }
        assertEquals(Integer.toHexString(expectedBits), Integer.toHexString(actualBits),
                where + ": expected " + expected + " got " + actual);
    }

    static void assertSameFloatBits(float[] expected, float[] actual, String where) {
        assertEquals(expected.length, actual.length, where + ": length");
        for (int i = 0; i < expected.length; i++) {
            assertSameFloatBits(expected[i], actual[i], where + "[" + i + "]");
        }
    }
}

package org.clipfusion.tensor.internal;

/** bfloat16 (safetensors {@code BF16}) conversions: the upper 16 bits of an IEEE float. */
public final class BFloat16 {
    private BFloat16() {
    }

    /** Widens bfloat16 bits to the float of exactly the same value. */
    public static float toFloat(short bfloat16Bits) {
        return Float.intBitsToFloat((bfloat16Bits & 0xFFFF) << 16);
    }

    /**
     * Narrows with round-to-nearest-even, as PyTorch does; values past the largest bfloat16 become infinity,
     * NaN stays NaN (made quiet, so that truncating the payload cannot turn it into infinity).
     */
    public static short fromFloat(float value) {
        int bits = Float.floatToRawIntBits(value);
        if ((bits & 0x7FFFFFFF) > 0x7F800000) {
            return (short) ((bits >>> 16) | 0x0040);
        }
        int lowestKeptBit = (bits >>> 16) & 1;
        return (short) ((bits + 0x7FFF + lowestKeptBit) >>> 16);
    }
}

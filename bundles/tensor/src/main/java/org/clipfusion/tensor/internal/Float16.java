package org.clipfusion.tensor.internal;

/**
 * IEEE 754 binary16 ("half", safetensors {@code F16}) conversions, by hand because
 * {@code Float.float16ToFloat} only arrived in Java 20.
 */
public final class Float16 {
    private static final int FLOAT_EXPONENT_BIAS = 127;
    private static final int HALF_EXPONENT_BIAS = 15;
    /** Float32 bits of 2^16, the first magnitude whose half exponent would exceed the largest finite one. */
    private static final int FLOAT_BITS_OF_2_POW_16 = 0x47800000;
    /** Float32 bits of 2^-14, the smallest normal half. */
    private static final int FLOAT_BITS_OF_MIN_NORMAL_HALF = 0x38800000;
    /** Below 2^-25 (biased float exponent 102) everything rounds to a signed zero. */
    private static final int SMALLEST_FLOAT_EXPONENT_NOT_ROUNDING_TO_ZERO = 102;

    private Float16() {
    }

    /** Widens half bits to the float of exactly the same value (NaN payloads are kept). */
    public static float toFloat(short halfBits) {
        int bits = halfBits & 0xFFFF;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1F;
        int mantissa = bits & 0x3FF;
        if (exponent == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mantissa << 13));
        }
        if (exponent != 0) {
            int floatExponent = exponent - HALF_EXPONENT_BIAS + FLOAT_EXPONENT_BIAS;
            return Float.intBitsToFloat(sign | (floatExponent << 23) | (mantissa << 13));
        }
        // Subnormal half: mantissa * 2^-24 is exact in float (at most 10 significant bits).
        float magnitude = mantissa * 0x1p-24f;
        return Float.intBitsToFloat(sign | Float.floatToRawIntBits(magnitude));
    }

    /**
     * Narrows a float to half bits with round-to-nearest-even, as numpy and PyTorch do: magnitudes from
     * 65520 up become infinity, tiny ones become (signed) zero or subnormals; NaN stays NaN (made quiet).
     */
    public static short fromFloat(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int magnitude = bits & 0x7FFFFFFF;
        if (magnitude > 0x7F800000) {
            return (short) (sign | 0x7E00 | ((magnitude >>> 13) & 0x3FF));
        }
        if (magnitude >= FLOAT_BITS_OF_2_POW_16) {
            return (short) (sign | 0x7C00);
        }
        if (magnitude >= FLOAT_BITS_OF_MIN_NORMAL_HALF) {
            int rebiased = magnitude - ((FLOAT_EXPONENT_BIAS - HALF_EXPONENT_BIAS) << 23);
            // A carry out of the mantissa correctly bumps the exponent, up to infinity for 65520.
            return (short) (sign | roundShiftRightToEven(rebiased, 13));
        }
        int floatExponent = magnitude >>> 23;
        if (floatExponent < SMALLEST_FLOAT_EXPONENT_NOT_ROUNDING_TO_ZERO) {
            return (short) sign;
        }
        // Subnormal half: value = significand * 2^(e-150) = m * 2^-24, so m = significand >> (126 - e).
        int significand = (magnitude & 0x7FFFFF) | 0x800000;
        return (short) (sign | roundShiftRightToEven(significand, 126 - floatExponent));
    }

    private static int roundShiftRightToEven(int value, int shift) {
        int kept = value >>> shift;
        int remainder = value & ((1 << shift) - 1);
        int half = 1 << (shift - 1);
        if (remainder > half || (remainder == half && (kept & 1) != 0)) {
            kept++;
        }
        return kept;
    }
}

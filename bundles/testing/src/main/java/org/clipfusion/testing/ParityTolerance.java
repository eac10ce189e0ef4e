package org.clipfusion.testing;

/**
 * How far a SameDiff port may be from an upstream fp32 reference tensor, for every parity test: at most
 * {@code ATOL + RTOL * max|reference|} in every element. One absolute bound is too loose for small tensors or too
 * tight for large ones: fp32 kernels that sum in another order (oneDNN's blocked convolutions, BLAS, the cut text
 * sequence) change low-order bits in proportion to the magnitude of what they sum, so a tensor whose values reach 10
 * legitimately differs by ~1e-4 where one of magnitude 1 differs by ~1e-5. {@code ATOL} is the bound the parity
 * tests had before (outputs of magnitude ~1); {@code RTOL} is ~100 float32 ulps, above the 1–2·10⁻⁶ relative error
 * measured for oneDNN's convolution against a double-precision one, and far below any real error (a wrong op, axis
 * or weight is off by 10⁻² or more).
 */
public final class ParityTolerance {
    /** The absolute part: what any tensor, however small, may differ by. */
    public static final double ATOL = 1e-4;
    /** The relative part, times the largest magnitude of the reference tensor. */
    public static final double RTOL = 1e-5;

    private ParityTolerance() {
    }

    /** The largest element-wise difference allowed against a reference whose largest magnitude is given. */
    public static double allowed(double maxAbsReference) {
        return ATOL + RTOL * maxAbsReference;
    }

    /** {@code true} when {@code maxAbsError} is within {@link #allowed} (false for NaN). */
    public static boolean within(double maxAbsError, double maxAbsReference) {
        return maxAbsError <= allowed(maxAbsReference);
    }

    /** One report line: the error, the bound and how it was made. */
    public static String describe(String name, double maxAbsError, double maxAbsReference) {
        return String.format("%-70s max abs error %.3e, allowed %.3e (%.0e + %.0e * max|ref| %.3g)%s", name,
                maxAbsError, allowed(maxAbsReference), ATOL, RTOL, maxAbsReference,
                within(maxAbsError, maxAbsReference) ? "" : "  EXCEEDED");
    }
}

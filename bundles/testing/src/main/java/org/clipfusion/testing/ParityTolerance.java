package org.clipfusion.testing;

/**
 * How far a SameDiff port may be from an upstream fp32 reference tensor, for every parity test: at most
 * {@code ATOL + RTOL * max|reference|} in every element. One absolute bound is too loose for small tensors or too
 * tight for large ones: fp32 sums of many terms differ between PyTorch and ND4J by a few ulps of the largest
 * partial sums, so a tensor whose values reach 10 legitimately differs by ~1e-4 where one of magnitude 1 differs by
 * ~1e-5.
 */
public final class ParityTolerance {
    /** The absolute part: what any tensor, however small, may differ by. */
    public static final double ATOL = 2e-5;
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

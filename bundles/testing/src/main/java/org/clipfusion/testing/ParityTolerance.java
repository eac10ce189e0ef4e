package org.clipfusion.testing;

/**
 * The one tolerance every model parity test uses: {@code |actual − reference| ≤ ABSOLUTE + RELATIVE · max|reference|}
 * elementwise-maximum. float32 kernels that sum in another order (oneDNN's blocked convolutions, BLAS, the
 * cut text sequence) change low-order bits in proportion to the magnitude of what they sum, so a purely absolute
 * bound is either too loose for small outputs or too tight for large ones. {@code ABSOLUTE} is the bound the tests
 * had before (outputs of magnitude ~1); {@code RELATIVE} is ~100 float32 ulps, above the 1–2·10⁻⁶ relative error
 * measured for oneDNN's convolution against a double-precision one, far below any real error (a wrong op, axis or
 * weight is off by 10⁻² or more).
 */
public final class ParityTolerance {
    public static final double ABSOLUTE = 1e-4;
    public static final double RELATIVE = 1e-5;

    private ParityTolerance() {
    }

    /** The largest absolute error allowed against a reference whose largest magnitude is {@code referenceMaxAbs}. */
    public static double allowed(double referenceMaxAbs) {
        return ABSOLUTE + RELATIVE * referenceMaxAbs;
    }
}

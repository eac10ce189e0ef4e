package org.clipfusion.itest.check;

/** Computes {@code softmax(gelu(x · Wᵀ + b))} row by row with a SameDiff graph (exact erf GELU, as open_clip uses). */
public interface SameDiffCheck {

    double[][] geluLinearSoftmax(double[][] x, double[][] weight, double[] bias);
}

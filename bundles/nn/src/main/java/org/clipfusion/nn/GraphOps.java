package org.clipfusion.nn;

import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The building blocks the model bundles' graphs are made of (open_clip's towers, Stable Diffusion's text encoder and UNet), written with the SameDiff ops that were measured to be exact
 * (see {@code shared/docs/samediff.md}): LayerNorm by hand (SameDiff's has no epsilon), linear layers as 2-D
 * {@code mmul} with the PyTorch {@code [out, in]} weight, and the two GELU variants.
 */
public final class GraphOps {
    /** 1/√2, as torch's erf GELU multiplies by it. */
    private static final double SQRT_HALF = 0.70710678118654752440;

    private GraphOps() {
    }

    /**
     * torch {@code F.layer_norm} over the last axis: {@code (x − mean) / sqrt(var + eps) · weight + bias}, with the
     * biased variance. Computed on rows {@code [n, width]} with a non-negative reduction axis, then reshaped back:
     * in ND4J M2.1, {@code mean(true, -1)} of a rank-3 variable reads the wrong elements (measured).
     *
     * @param name name of the result, or {@code null}
     * @param weightPrefix key prefix of {@code .weight} and {@code .bias}
     */
    public static SDVariable layerNorm(SameDiff sd, String name, SDVariable x, String weightPrefix, long width,
            double epsilon) {
        SDVariable rows = x.reshape(-1, width);
        SDVariable mean = rows.mean(true, 1);
        SDVariable centered = rows.sub(mean);
        SDVariable variance = centered.mul(centered).mean(true, 1);
        SDVariable normalized = centered.mul(sd.math().rsqrt(variance.add(epsilon)));
        SDVariable affine = normalized.mul(sd.getVariable(weightPrefix + ".weight"))
                .add(sd.getVariable(weightPrefix + ".bias"));
        return name == null ? sd.reshape(affine, x.shape()) : sd.reshape(name, affine, x.shape());
    }

    /** {@code nn.Linear} on rows: {@code x [n, in] · Wᵀ + b}, the weight as PyTorch stores it ({@code [out, in]}). */
    public static SDVariable linear(SameDiff sd, SDVariable rows, String weightPrefix) {
        return sd.mmul(rows, sd.getVariable(weightPrefix + ".weight"), false, true, false)
                .add(sd.getVariable(weightPrefix + ".bias"));
    }

    /**
     * The MLP activation: open_clip's {@code nn.GELU} is the exact {@code x·½·(1 + erf(x/√2))}; OpenAI checkpoints
     * use QuickGELU {@code x·sigmoid(1.702x)}, which is what SameDiff's {@code gelu} computes.
     */
    public static SDVariable activation(SameDiff sd, SDVariable x, boolean quickGelu) {
        if (quickGelu) {
            return sd.nn().gelu(x);
        }
        return x.mul(0.5).mul(sd.math().erf(x.mul(SQRT_HALF)).add(1.0));
    }

    /**
     * {@code x} reshaped to the first {@code leadingAxes} dimensions of {@code like}'s shape followed by {@code
     * trailing}: how a graph keeps the batch and sequence sizes open (they are only known when it runs).
     */
    public static SDVariable reshapeLike(SameDiff sd, String name, SDVariable x, SDVariable like, int leadingAxes,
            long... trailing) {
        SDVariable leading = like.shape().get(SDIndex.interval(0, leadingAxes));
        SDVariable shape = sd.concat(0, leading, sd.constant(Nd4j.createFromArray(trailing)));
        return name == null ? sd.reshape(x, shape) : sd.reshape(name, x, shape);
    }
}

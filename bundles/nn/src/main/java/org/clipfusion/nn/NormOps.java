package org.clipfusion.nn;

import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Normalisations SameDiff lacks, built from exact elementwise ops and reductions: torch's {@code nn.GroupNorm} on
 * NCHW feature maps (Stable Diffusion's VAE and UNet use it everywhere; ND4J M2.1 has no GroupNorm op).
 */
public final class NormOps {
    private NormOps() {
    }

    /**
     * torch {@code nn.GroupNorm(groups, channels, eps, affine=True)} on {@code x [B, C, H, W]}: the channels split
     * into {@code groups} consecutive groups, each normalised over its channels and all positions with the biased
     * variance, {@code (x − mean) / sqrt(var + eps)}, then scaled and shifted per channel by {@code
     * weightPrefix.weight} and {@code weightPrefix.bias} ({@code [C]} constants of {@code sd}). Batch and spatial
     * sizes stay open.
     *
     * <p>The statistics are taken on a {@code [B, groups, C/groups·H·W]} view reduced over axis 2, a non-negative
     * axis: in ND4J M2.1 {@code mean(true, -1)} of a rank-3 variable reads the wrong elements (measured).
     *
     * @param name name of the result, or {@code null}
     * @throws IllegalArgumentException when {@code groups} does not divide {@code channels}
     */
    public static SDVariable groupNorm(SameDiff sd, String name, SDVariable x, String weightPrefix, long channels,
            int groups, double epsilon) {
        if (groups <= 0 || channels % groups != 0) {
            throw new IllegalArgumentException("GroupNorm " + weightPrefix + ": " + groups
                    + " groups do not divide " + channels + " channels");
        }
        SDVariable shape = x.shape();
        SDVariable batch = shape.get(SDIndex.interval(0, 1));
        // Statistics of each (image, group) in one op on [B·groups, rest] rows (a non-negative axis, see above).
        SDVariable rows = sd.reshape(x, sd.concat(0, batch.mul(groups), sd.constant(Nd4j.createFromArray(-1L))));
        SDVariable[] moments = sd.math().moments(rows, new int[] {1}, false);
        int perGroup = (int) (channels / groups);
        SDVariable mean = sd.tile(moments[0].reshape(-1, 1), 1, perGroup).reshape(-1);
        SDVariable variance = sd.tile(moments[1].reshape(-1, 1), 1, perGroup).reshape(-1);
        // Then one pass of batch normalisation over [1, B·C, H, W] with those statistics repeated per channel and
        // the affine repeated per image: normalisation, scale and shift in one kernel instead of five.
        SDVariable repeats = batch.castTo(DataType.INT32);
        SDVariable scale = sd.tile(sd.getVariable(weightPrefix + ".weight"), repeats);
        SDVariable shift = sd.tile(sd.getVariable(weightPrefix + ".bias"), repeats);
        SDVariable perChannel = sd.reshape(x, sd.concat(0, sd.constant(Nd4j.createFromArray(1L)),
                batch.mul(channels), shape.get(SDIndex.interval(2, 4))));
        SDVariable normalized = sd.nn().batchNorm(perChannel, mean, variance, scale, shift, epsilon, 1);
        return name == null ? sd.reshape(normalized, shape) : sd.reshape(name, normalized, shape);
    }

    /**
     * The same GroupNorm built from reductions and elementwise ops only (the first implementation): the reference
     * the fused {@link #groupNorm} path is tested against.
     */
    static SDVariable groupNormByReductions(SameDiff sd, String name, SDVariable x, String weightPrefix,
            long channels, int groups, double epsilon) {
        SDVariable batch = x.shape().get(SDIndex.interval(0, 1));
        SDVariable grouped = sd.reshape(x, sd.concat(0, batch, sd.constant(Nd4j.createFromArray((long) groups, -1L))));
        SDVariable mean = grouped.mean(true, 2);
        SDVariable centered = grouped.sub(mean);
        SDVariable variance = centered.mul(centered).mean(true, 2);
        SDVariable normalized = sd.reshape(centered.mul(sd.math().rsqrt(variance.add(epsilon))), x.shape());
        SDVariable scale = sd.getVariable(weightPrefix + ".weight").reshape(1, channels, 1, 1);
        SDVariable shift = sd.getVariable(weightPrefix + ".bias").reshape(1, channels, 1, 1);
        SDVariable affine = normalized.mul(scale);
        return name == null ? affine.add(shift) : affine.add(name, shift);
    }
}

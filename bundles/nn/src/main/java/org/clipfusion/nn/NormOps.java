package org.clipfusion.nn;

import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
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

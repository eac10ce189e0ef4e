package org.clipfusion.diffusion.unet.internal;

import org.clipfusion.diffusion.unet.UNetConfig;
import org.clipfusion.nn.GraphOps;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.factory.Nd4j;

/**
 * diffusers' {@code Timesteps} (sinusoidal projection) and {@code TimestepEmbedding} ({@code linear_1 → SiLU →
 * linear_2}): float timesteps {@code [B]} → {@code [B, time_embedding_dim]}.
 */
final class TimeEmbeddingGraph {
    /** {@code get_timestep_embedding}'s {@code max_period}. */
    private static final double MAX_PERIOD = 10000;

    private TimeEmbeddingGraph() {
    }

    /**
     * @param timesteps float32 {@code [B]}
     * @param name name of the {@code TimestepEmbedding} output
     */
    static SDVariable apply(SameDiff sd, SDVariable timesteps, UNetConfig config, String name) {
        SDVariable sinusoid = sinusoid(sd, timesteps, config.blockOutChannels().get(0), config.flipSinToCos(),
                config.freqShift());
        SDVariable hidden = FeatureMapOps.silu(sd, GraphOps.linear(sd, sinusoid, "time_embedding.linear_1"));
        SDVariable embedding = GraphOps.linear(sd, hidden, "time_embedding.linear_2");
        return sd.updateVariableNameAndReference(embedding, name);
    }

    /**
     * {@code get_timestep_embedding(t, dim, flip_sin_to_cos, freq_shift)}: {@code [sin(t·f), cos(t·f)]} (or cos
     * first), {@code f_i = exp(−ln(max_period)·i / (half − freq_shift))}, zero-padded to an odd {@code dim}.
     */
    static SDVariable sinusoid(SameDiff sd, SDVariable timesteps, int dim, boolean flipSinToCos, double freqShift) {
        int half = dim / 2;
        SDVariable frequencies = sd.constant(Nd4j.createFromArray(frequencies(half, freqShift)).reshape(1, half));
        SDVariable arguments = timesteps.reshape(-1, 1).mul(frequencies);
        SDVariable sin = sd.math().sin(arguments);
        SDVariable cos = sd.math().cos(arguments);
        SDVariable embedding = flipSinToCos ? sd.concat(1, cos, sin) : sd.concat(1, sin, cos);
        if (dim % 2 == 1) {
            embedding = sd.concat(1, embedding, sd.zerosLike(timesteps.reshape(-1, 1)));
        }
        return embedding;
    }

    /**
     * The frequencies in float32, rounded step by step as torch computes them ({@code arange} × −ln(max_period),
     * ÷ (half − shift), {@code exp}), so that {@code t·f} matches for timesteps up to 1000, where one ulp of the
     * argument is already 6e-5.
     */
    static float[] frequencies(int half, double freqShift) {
        float logPeriod = (float) -Math.log(MAX_PERIOD);
        float denominator = (float) (half - freqShift);
        float[] frequencies = new float[half];
        for (int i = 0; i < half; i++) {
            float exponent = (logPeriod * i) / denominator;
            frequencies[i] = (float) Math.exp(exponent);
        }
        return frequencies;
    }
}

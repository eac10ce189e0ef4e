package org.clipfusion.diffusion.scheduler.internal;

import org.clipfusion.diffusion.scheduler.SchedulerConfig;

/** β_t and ᾱ_t as diffusers' schedulers compute them in {@code __init__} (torch float32 tensors). */
public final class NoiseSchedule {
    /** {@code betas_for_alpha_bar}'s cap on β. */
    private static final double MAX_BETA = 0.999;

    private NoiseSchedule() {
    }

    /** β_t, t = 0 … T − 1. */
    public static float[] betas(SchedulerConfig config) {
        int steps = config.numTrainTimesteps();
        if (!config.trainedBetas().isEmpty()) {
            float[] betas = new float[steps];
            for (int t = 0; t < steps; t++) {
                betas[t] = config.trainedBetas().get(t).floatValue();
            }
            return betas;
        }
        return switch (config.betaSchedule()) {
            case LINEAR -> TorchLinspace.float32(config.betaStart(), config.betaEnd(), steps);
            case SCALED_LINEAR -> {
                // torch.linspace(beta_start ** 0.5, beta_end ** 0.5, T, dtype=float32) ** 2: the square in float32.
                float[] roots = TorchLinspace.float32(Math.sqrt(config.betaStart()), Math.sqrt(config.betaEnd()),
                        steps);
                float[] betas = new float[steps];
                for (int t = 0; t < steps; t++) {
                    betas[t] = roots[t] * roots[t];
                }
                yield betas;
            }
            case SQUAREDCOS_CAP_V2 -> cosineBetas(steps);
        };
    }

    /**
     * ᾱ_t = ∏_{s ≤ t} (1 − β_s): {@code 1.0 - betas} in float32, then {@code torch.cumprod}, whose CPU kernel
     * accumulates in double and rounds each prefix product to float.
     */
    public static float[] alphasCumprod(float[] betas) {
        float[] cumulative = new float[betas.length];
        double product = 1.0;
        for (int t = 0; t < betas.length; t++) {
            product *= 1f - betas[t];
            cumulative[t] = (float) product;
        }
        return cumulative;
    }

    /** diffusers' {@code betas_for_alpha_bar(T, "cosine")}: computed in double, stored as float32. */
    private static float[] cosineBetas(int steps) {
        float[] betas = new float[steps];
        for (int t = 0; t < steps; t++) {
            double ratio = alphaBar((t + 1) / (double) steps) / alphaBar(t / (double) steps);
            betas[t] = (float) Math.min(1 - ratio, MAX_BETA);
        }
        return betas;
    }

    private static double alphaBar(double time) {
        double c = Math.cos((time + 0.008) / 1.008 * Math.PI / 2);
        return c * c;
    }
}

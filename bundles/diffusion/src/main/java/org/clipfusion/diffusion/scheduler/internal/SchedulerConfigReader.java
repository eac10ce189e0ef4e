package org.clipfusion.diffusion.scheduler.internal;

import java.util.ArrayList;
import java.util.List;
import org.clipfusion.model.ModelLoadException;
import org.clipfusion.diffusion.internal.ConfigJson;
import org.clipfusion.diffusion.scheduler.BetaSchedule;
import org.clipfusion.diffusion.scheduler.SchedulerConfig;

/** Turns a scheduler config JSON into a {@link SchedulerConfig}, with {@code DDPMScheduler}'s defaults. */
public final class SchedulerConfigReader {
    private SchedulerConfigReader() {
    }

    /** See {@link SchedulerConfig#read}. */
    public static SchedulerConfig read(ConfigJson json) throws ModelLoadException {
        if (json.optionalBoolean("rescale_betas_zero_snr", false)) {
            throw json.unsupported("rescale_betas_zero_snr", "zero-terminal-SNR rescaling is not implemented");
        }
        double[] trained = json.nullableDoubleList("trained_betas");
        List<Double> trainedBetas = new ArrayList<>();
        if (trained != null) {
            for (double beta : trained) {
                trainedBetas.add(beta);
            }
        }
        try {
            return new SchedulerConfig(
                    json.optionalInt("num_train_timesteps", 1000),
                    json.optionalDouble("beta_start", 0.0001),
                    json.optionalDouble("beta_end", 0.02),
                    schedule(json, trainedBetas.isEmpty()),
                    trainedBetas,
                    json.source());
        } catch (IllegalArgumentException inconsistent) {
            throw new ModelLoadException(json.source(), inconsistent.getMessage(), inconsistent);
        }
    }

    /** The named schedule; with explicit betas, diffusers never looks at the name, so neither do we. */
    private static BetaSchedule schedule(ConfigJson json, boolean needed) throws ModelLoadException {
        String name = json.optionalString("beta_schedule", BetaSchedule.LINEAR.configName());
        for (BetaSchedule schedule : BetaSchedule.values()) {
            if (schedule.configName().equals(name)) {
                return schedule;
            }
        }
        if (!needed) {
            return BetaSchedule.LINEAR;
        }
        throw json.unsupported("beta_schedule", "only linear, scaled_linear and squaredcos_cap_v2 are implemented");
    }
}

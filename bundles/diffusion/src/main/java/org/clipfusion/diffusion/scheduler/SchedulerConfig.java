package org.clipfusion.diffusion.scheduler;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.clipfusion.model.ModelLoadException;
import org.clipfusion.diffusion.internal.ConfigJson;
import org.clipfusion.diffusion.scheduler.internal.SchedulerConfigReader;

/**
 * The noise schedule of a diffusers {@code scheduler/scheduler_config.json}: only the fields that define β_t (and
 * so ᾱ_t) are read, whatever scheduler class the file names; fields left out take {@code DDPMScheduler}'s defaults.
 * Immutable.
 *
 * @param numTrainTimesteps T ({@code num_train_timesteps})
 * @param betaStart {@code beta_start}
 * @param betaEnd {@code beta_end}
 * @param betaSchedule {@code beta_schedule}
 * @param trainedBetas {@code trained_betas}: explicit β_t, overriding the schedule; empty when absent
 * @param source where the config was read from, for error messages
 */
public record SchedulerConfig(int numTrainTimesteps, double betaStart, double betaEnd, BetaSchedule betaSchedule,
        List<Double> trainedBetas, String source) {
    /**
     * @throws IllegalArgumentException when T is not positive, or explicit betas are not T values in (0, 1)
     */
    public SchedulerConfig {
        Objects.requireNonNull(betaSchedule, "betaSchedule");
        Objects.requireNonNull(source, "source");
        trainedBetas = List.copyOf(trainedBetas);
        if (numTrainTimesteps < 2) {
            throw new IllegalArgumentException("num_train_timesteps must be at least 2, got " + numTrainTimesteps);
        }
        if (!trainedBetas.isEmpty() && trainedBetas.size() != numTrainTimesteps) {
            throw new IllegalArgumentException("trained_betas has " + trainedBetas.size()
                    + " values but num_train_timesteps is " + numTrainTimesteps);
        }
        for (double beta : trainedBetas) {
            if (!(beta > 0 && beta < 1)) {
                throw new IllegalArgumentException("trained_betas must lie in (0, 1), got " + beta);
            }
        }
    }

    /**
     * Reads a {@code scheduler_config.json}.
     *
     * @throws ModelLoadException naming the file and the field when the JSON is malformed, a field is mistyped or
     *     inconsistent, or an unsupported option is set
     */
    public static SchedulerConfig read(Path file) throws IOException {
        return SchedulerConfigReader.read(ConfigJson.read(file, "scheduler config"));
    }

    /** Parses config JSON; {@code source} names where it came from in error messages. */
    public static SchedulerConfig parse(String json, String source) throws ModelLoadException {
        return SchedulerConfigReader.read(ConfigJson.parse(json, source));
    }
}

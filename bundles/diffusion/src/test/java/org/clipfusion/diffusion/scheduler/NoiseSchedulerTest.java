package org.clipfusion.diffusion.scheduler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.clipfusion.model.ModelLoadException;
import org.clipfusion.diffusion.scheduler.internal.TorchLinspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The schedules against their float64 formulas, {@code add_noise} by hand, and config errors. */
class NoiseSchedulerTest {
    @Test
    void linspaceHitsBothEndsAndStaysWithinAnUlpOfTheExactValues() {
        for (int steps : new int[] {2, 7, 16, 20, 33, 1000}) {
            float[] values = TorchLinspace.float32(0.25, 3.0, steps);
            assertEquals(0.25f, values[0]);
            assertEquals(3.0f, values[steps - 1]);
            for (int i = 0; i < steps; i++) {
                double exact = 0.25 + (3.0 - 0.25) * i / (steps - 1);
                assertEquals(exact, values[i], 2 * Math.ulp((float) exact), steps + " steps, index " + i);
            }
        }
    }

    @Test
    void schedulesFollowTheirFormulas() throws ModelLoadException {
        int steps = 50;
        for (BetaSchedule schedule : BetaSchedule.values()) {
            NoiseScheduler scheduler = NoiseScheduler.of(SchedulerConfig.parse("{\"num_train_timesteps\": " + steps
                    + ", \"beta_start\": 0.001, \"beta_end\": 0.02, \"beta_schedule\": \"" + schedule.configName()
                    + "\"}", "test.json"));
            double product = 1;
            for (int t = 0; t < steps; t++) {
                double beta = switch (schedule) {
                    case LINEAR -> 0.001 + (0.02 - 0.001) * t / (steps - 1);
                    case SCALED_LINEAR -> Math.pow(Math.sqrt(0.001) + (Math.sqrt(0.02) - Math.sqrt(0.001)) * t
                            / (steps - 1), 2);
                    case SQUAREDCOS_CAP_V2 -> Math.min(0.999, 1 - cosineAlphaBar((t + 1.0) / steps)
                            / cosineAlphaBar((double) t / steps));
                };
                product *= 1 - beta;
                // float32 throughout, as torch: a few units in the last place from the exact value.
                assertEquals(beta, scheduler.betas()[t], 4 * Math.ulp((float) beta), schedule + " beta " + t);
                assertEquals(product, scheduler.alphaCumprod(t), 1e-6, schedule + " alpha_cumprod " + t);
            }
        }
    }

    @Test
    void trainedBetasOverrideTheSchedule() throws ModelLoadException {
        NoiseScheduler scheduler = NoiseScheduler.of(SchedulerConfig.parse(
                "{\"num_train_timesteps\": 3, \"trained_betas\": [0.1, 0.2, 0.5], \"beta_schedule\": \"custom\"}",
                "trained.json"));
        assertArrayEquals(new float[] {0.1f, 0.2f, 0.5f}, scheduler.betas());
        assertEquals(0.9f * 0.8f * 0.5f, scheduler.alphaCumprod(2), 1e-7);
    }

    @Test
    void addNoiseMixesSamplesAndNoisePerBatchElement() throws ModelLoadException {
        NoiseScheduler scheduler = NoiseScheduler.of(SchedulerConfig.parse("{\"num_train_timesteps\": 10}", "d"));
        try (INDArray samples = Nd4j.rand(DataType.FLOAT, 2, 3, 2, 2);
                INDArray noise = Nd4j.randn(DataType.FLOAT, 2, 3, 2, 2);
                INDArray noisy = scheduler.addNoise(samples, noise, new long[] {0, 9})) {
            assertArrayEquals(samples.shape(), noisy.shape());
            for (int b = 0; b < 2; b++) {
                double alphaCumprod = scheduler.alphaCumprod(b == 0 ? 0 : 9);
                for (int i = 0; i < 3; i++) {
                    double expected = Math.sqrt(alphaCumprod) * samples.getDouble(b, i, 1, 0)
                            + Math.sqrt(1 - alphaCumprod) * noise.getDouble(b, i, 1, 0);
                    assertEquals(expected, noisy.getDouble(b, i, 1, 0), 1e-6);
                }
            }
            assertThrows(IllegalArgumentException.class, () -> scheduler.addNoise(samples, noise, 10));
            assertThrows(IllegalArgumentException.class, () -> scheduler.addNoise(samples, noise, new long[] {1}));
            assertThrows(IllegalArgumentException.class, () -> scheduler.addNoise(samples, noise.reshape(2, 12), 1));
        }
    }

    @Test
    void unsupportedOrBrokenConfigsAreNamed(@TempDir Path directory) {
        for (String field : List.of("beta_schedule", "rescale_betas_zero_snr", "trained_betas",
                "num_train_timesteps")) {
            String json = switch (field) {
                case "beta_schedule" -> "{\"beta_schedule\": \"sigmoid\"}";
                case "rescale_betas_zero_snr" -> "{\"rescale_betas_zero_snr\": true}";
                case "trained_betas" -> "{\"num_train_timesteps\": 3, \"trained_betas\": [0.1, 0.2]}";
                default -> "{\"num_train_timesteps\": \"many\"}";
            };
            ModelLoadException error = assertThrows(ModelLoadException.class,
                    () -> SchedulerConfig.parse(json, "bad.json"), field);
            assertTrue(error.getMessage().startsWith("bad.json") && error.getMessage().contains(field),
                    error.getMessage());
        }
        ModelLoadException missing = assertThrows(ModelLoadException.class, () -> NoiseScheduler.read(directory));
        assertTrue(missing.getMessage().contains(NoiseScheduler.CONFIG_FILE_NAME), missing.getMessage());
    }

    private static double cosineAlphaBar(double time) {
        return Math.pow(Math.cos((time + 0.008) / 1.008 * Math.PI / 2), 2);
    }
}

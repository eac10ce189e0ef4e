package org.clipfusion.diffusion.scheduler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.clipfusion.diffusion.scheduler.internal.NoiseSchedule;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The forward (noising) process of a diffusion model: β_t from a {@link SchedulerConfig}, ᾱ_t = ∏(1 − β_s), and
 * {@code add_noise}: {@code z_t = √ᾱ_t · z_0 + √(1 − ᾱ_t) · ε}, as diffusers' {@code DDPMScheduler} /
 * {@code DDIMScheduler} / {@code PNDMScheduler} compute it. Everything is float32 with torch's roundings (down to
 * how its CPU {@code linspace} kernel rounds), so the results equal diffusers' bit for bit. Sigma-parameterised
 * schedulers such as Euler noise differently; they are not modelled. Immutable and thread-safe.
 */
public final class NoiseScheduler {
    /** The file name in a diffusers {@code scheduler/} directory. */
    public static final String CONFIG_FILE_NAME = "scheduler_config.json";

    private final SchedulerConfig config;
    private final float[] betas;
    private final float[] alphasCumprod;

    private NoiseScheduler(SchedulerConfig config, float[] betas, float[] alphasCumprod) {
        this.config = config;
        this.betas = betas;
        this.alphasCumprod = alphasCumprod;
    }

    /**
     * Reads {@code path}: a scheduler config JSON, or a directory holding {@value #CONFIG_FILE_NAME}.
     *
     * @throws org.clipfusion.model.ModelLoadException when the file is missing or the config is invalid or
     *     unsupported
     */
    public static NoiseScheduler read(Path path) throws IOException {
        Path file = Files.isDirectory(path) ? path.resolve(CONFIG_FILE_NAME) : path;
        return of(SchedulerConfig.read(file));
    }

    /** The schedule of {@code config}. */
    public static NoiseScheduler of(SchedulerConfig config) {
        float[] betas = NoiseSchedule.betas(config);
        return new NoiseScheduler(config, betas, NoiseSchedule.alphasCumprod(betas));
    }

    /** The configuration. */
    public SchedulerConfig config() {
        return config;
    }

    /** T: timesteps run from 0 to T − 1. */
    public int numTrainTimesteps() {
        return betas.length;
    }

    /** β_t for every t (a copy). */
    public float[] betas() {
        return betas.clone();
    }

    /** ᾱ_t for every t (a copy): diffusers' {@code scheduler.alphas_cumprod}. */
    public float[] alphasCumprod() {
        return alphasCumprod.clone();
    }

    /**
     * ᾱ_t.
     *
     * @throws IllegalArgumentException for t outside [0, T)
     */
    public float alphaCumprod(int timestep) {
        checkTimestep(timestep);
        return alphasCumprod[timestep];
    }

    /** {@link #addNoise(INDArray, INDArray, long[])} with the same timestep for every batch element. */
    public INDArray addNoise(INDArray originalSamples, INDArray noise, int timestep) {
        long[] timesteps = new long[Math.toIntExact(originalSamples.size(0))];
        Arrays.fill(timesteps, timestep);
        return addNoise(originalSamples, noise, timesteps);
    }

    /**
     * diffusers' {@code add_noise(original_samples, noise, timesteps)}: {@code √ᾱ_t · z_0 + √(1 − ᾱ_t) · ε} with
     * batch element b at {@code timesteps[b]}, in float32 (square roots and products rounded as torch rounds them).
     *
     * @param originalSamples {@code [B, ...]} (the latents z_0), any float type
     * @param noise ε, the same shape
     * @return a new float32 array of that shape, owned by the caller
     * @throws IllegalArgumentException for shapes that differ, a timestep count other than B, or a timestep outside
     *     [0, T)
     */
    public INDArray addNoise(INDArray originalSamples, INDArray noise, long[] timesteps) {
        long[] shape = originalSamples.shape();
        if (shape.length == 0 || !Arrays.equals(shape, noise.shape())) {
            throw new IllegalArgumentException("samples " + Arrays.toString(shape) + " and noise "
                    + Arrays.toString(noise.shape()) + " must have the same shape [B, ...]");
        }
        if (timesteps.length != shape[0]) {
            throw new IllegalArgumentException(timesteps.length + " timesteps for a batch of " + shape[0]);
        }
        float[] samples = floats(originalSamples);
        float[] epsilon = floats(noise);
        float[] noisy = new float[samples.length];
        int perElement = samples.length / timesteps.length;
        for (int element = 0; element < timesteps.length; element++) {
            checkTimestep(timesteps[element]);
            float alphaCumprod = alphasCumprod[(int) timesteps[element]];
            float signalScale = (float) Math.sqrt(alphaCumprod);
            float noiseScale = (float) Math.sqrt(1f - alphaCumprod);
            for (int i = element * perElement; i < (element + 1) * perElement; i++) {
                noisy[i] = signalScale * samples[i] + noiseScale * epsilon[i];
            }
        }
        return Nd4j.create(noisy, shape, 'c');
    }

    private void checkTimestep(long timestep) {
        if (timestep < 0 || timestep >= alphasCumprod.length) {
            throw new IllegalArgumentException("timestep " + timestep + " is outside [0, " + alphasCumprod.length
                    + ")");
        }
    }

    /** Row-major float32 values of any array (views and other float types included). */
    private static float[] floats(INDArray array) {
        try (INDArray flat = Nd4j.toFlattened('c', array); INDArray asFloat = flat.castTo(DataType.FLOAT)) {
            return asFloat.toFloatVector();
        }
    }
}

package org.clipfusion.diffusion.mapdiff.internal;

import java.util.Map;
import java.util.Random;
import org.clipfusion.diffusion.scheduler.NoiseScheduler;
import org.clipfusion.diffusion.vae.VaeEncoder;
import org.clipfusion.diffusion.vae.VaeOutputs;
import org.clipfusion.tensor.image.PilFilter;
import org.clipfusion.tensor.image.PilResampler;
import org.clipfusion.tensor.image.RgbImage;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An image's noisy latent z_t: resized to a square of {@code imageSize} (Pillow bicubic), scaled to [−1, 1] as
 * diffusers' {@code VaeImageProcessor} does, encoded to the VAE's posterior mean × scaling factor, then noised to
 * timestep t with one fixed ε. The same ε for every image is what makes reference and query features comparable:
 * their difference comes from the images, not from the noise draw.
 */
final class NoisyLatents {
    private final VaeEncoder vae;
    private final NoiseScheduler scheduler;
    private final int imageSize;
    private final int timestep;
    private final int channels;
    private final int side;
    private final float[] noise;

    /** @throws IllegalArgumentException for a timestep outside the schedule */
    NoisyLatents(VaeEncoder vae, NoiseScheduler scheduler, int imageSize, int timestep, long noiseSeed) {
        if (timestep >= scheduler.numTrainTimesteps()) {
            throw new IllegalArgumentException("MapDiff timestep " + timestep + " is outside the schedule's [0, "
                    + scheduler.numTrainTimesteps() + ")");
        }
        this.vae = vae;
        this.scheduler = scheduler;
        this.imageSize = imageSize;
        this.timestep = timestep;
        this.channels = vae.config().latentChannels();
        this.side = imageSize / vae.config().downsamplingFactor();
        this.noise = gaussianNoise(noiseSeed, channels * side * side);
    }

    /** Latent channels. */
    int channels() {
        return channels;
    }

    /** Latent height = width. */
    int side() {
        return side;
    }

    /** z_t of {@code image}, {@code [channels, side, side]} row-major. */
    float[] of(RgbImage image) {
        long[] shape = {1, channels, side, side};
        try (INDArray pixels = Nd4j.create(pixels(image), new long[] {1, 3, imageSize, imageSize}, 'c');
             INDArray epsilon = Nd4j.create(noise, shape, 'c')) {
            Map<String, INDArray> outputs = vae.outputs(pixels, VaeOutputs.LATENTS);
            try (INDArray latents = outputs.get(VaeOutputs.LATENTS);
                 INDArray noisy = scheduler.addNoise(latents, epsilon, timestep)) {
                return noisy.reshape(-1).toFloatVector();
            }
        }
    }

    /** CHW planes in [−1, 1]: {@code 2·(v/255) − 1} in float32, diffusers' {@code pil_to_numpy} then normalize. */
    private float[] pixels(RgbImage image) {
        RgbImage resized = image.width() == imageSize && image.height() == imageSize ? image
                : PilResampler.resize(image, imageSize, imageSize, PilFilter.BICUBIC);
        byte[] rgb = resized.rgbBytes();
        int plane = imageSize * imageSize;
        float[] planes = new float[3 * plane];
        for (int pixel = 0; pixel < plane; pixel++) {
            for (int c = 0; c < 3; c++) {
                planes[c * plane + pixel] = 2f * ((rgb[3 * pixel + c] & 0xFF) / 255f) - 1f;
            }
        }
        return planes;
    }

    /**
     * ε ~ N(0, 1), drawn by {@link Random#nextGaussian()} (an algorithm the Java specification fixes, so the same seed
     * gives the same ε on every JVM). Not torch's generator: a torch run with the same seed draws another ε.
     */
    private static float[] gaussianNoise(long seed, int count) {
        Random random = new Random(seed);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}

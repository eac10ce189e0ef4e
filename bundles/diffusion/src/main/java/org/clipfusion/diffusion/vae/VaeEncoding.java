package org.clipfusion.diffusion.vae;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The encoder's results for a batch; float32, off-heap and owned by the holder of this record: {@link #close()}
 * frees them.
 *
 * @param posteriorMean {@code [B, latent, h, w]}, see {@link VaeOutputs#POSTERIOR_MEAN}
 * @param latents {@code [B, latent, h, w]}, see {@link VaeOutputs#LATENTS}
 */
public record VaeEncoding(INDArray posteriorMean, INDArray latents) implements AutoCloseable {
    @Override
    public void close() {
        posteriorMean.close();
        latents.close();
    }
}

package org.clipfusion.diffusion.mapdiff.internal;

import java.util.List;
import java.util.Map;
import org.clipfusion.diffusion.unet.UNetModel;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The named outputs of MapDiff's one UNet forward for an image: the same noisy latent once per prompt, each batch
 * element conditioned on its prompt, at one timestep; no classifier-free guidance, no denoising loop. Owns the
 * outputs (off-heap): {@link #close()} frees them.
 */
final class UNetCapture implements AutoCloseable {
    private final Map<String, INDArray> outputs;

    private UNetCapture(Map<String, INDArray> outputs) {
        this.outputs = outputs;
    }

    /** A capture of outputs computed elsewhere (a reference implementation's, in tests); closing it closes them. */
    static UNetCapture of(Map<String, INDArray> outputs) {
        return new UNetCapture(Map.copyOf(outputs));
    }

    /**
     * @param noisyLatent    {@code [channels, side, side]} row-major, the same for every prompt
     * @param anomalyPrompts whether the batch holds the anomaly prompts (first, in order)
     * @param featurePrompt  whether it holds the neutral feature prompt (last), when there is one
     * @param outputs        what to return; nothing else is computed beyond what these need
     */
    static UNetCapture run(UNetModel unet, float[] noisyLatent, int channels, int side, TextConditioning text,
                           boolean anomalyPrompts, boolean featurePrompt, int timestep, List<String> outputs) {
        try (INDArray states = text.encoderHiddenStates(anomalyPrompts, featurePrompt)) {
            int prompts = (int) states.size(0);
            float[] batch = new float[prompts * noisyLatent.length];
            for (int p = 0; p < prompts; p++) {
                System.arraycopy(noisyLatent, 0, batch, p * noisyLatent.length, noisyLatent.length);
            }
            try (INDArray latents = Nd4j.create(batch, new long[] {prompts, channels, side, side}, 'c')) {
                return new UNetCapture(unet.run(latents, timestep, states, outputs));
            }
        }
    }

    /** The output {@code name}, still owned by this capture. */
    INDArray get(String name) {
        INDArray output = outputs.get(name);
        if (output == null) {
            throw new IllegalStateException("the UNet output '" + name + "' was not captured; captured "
                    + outputs.keySet());
        }
        return output;
    }

    @Override
    public void close() {
        for (INDArray output : outputs.values()) {
            output.close();
        }
    }
}

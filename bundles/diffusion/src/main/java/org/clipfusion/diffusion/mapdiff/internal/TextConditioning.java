package org.clipfusion.diffusion.mapdiff.internal;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The text side of one object's UNet batch: the text encoder's last hidden state for each prompt (one batch element
 * each), and where each prompt's anomaly words sit among its tokens. Plain Java arrays, so that the cache holds no
 * off-heap memory and can be shared by concurrent queries.
 *
 * @param prompts                the prompts, object name filled in
 * @param hiddenStates           {@code [prompts, tokens, width]}, row-major
 * @param tokens                 tokens per prompt (77)
 * @param width                  the text encoder's hidden width (the UNet's cross-attention width)
 * @param anomalyTokenPositions  per prompt, the token indices (0 = start of text) of its anomaly words
 */
record TextConditioning(List<String> prompts, float[] hiddenStates, int tokens, int width,
                        int[][] anomalyTokenPositions) {

    TextConditioning {
        prompts = List.copyOf(prompts);
        if (hiddenStates.length != (long) prompts.size() * tokens * width
                || anomalyTokenPositions.length != prompts.size()) {
            throw new IllegalArgumentException("text conditioning of " + prompts.size() + " prompts has "
                    + hiddenStates.length + " values and " + anomalyTokenPositions.length + " position lists");
        }
    }

    int promptCount() {
        return prompts.size();
    }

    /** A new {@code [prompts, tokens, width]} array for one UNet call; the caller closes it. */
    INDArray encoderHiddenStates() {
        return Nd4j.create(hiddenStates, new long[] {prompts.size(), tokens, width}, 'c');
    }
}

package org.clipfusion.diffusion.mapdiff.internal;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The text side of one object's UNet batch: the text encoder's last hidden state for each anomaly prompt (one batch
 * element each) and, when configured, for the neutral feature prompt (one more element, after them); where each
 * anomaly prompt's words sit among its tokens. Plain Java arrays, so that the cache holds no off-heap memory and can
 * be shared by concurrent queries.
 *
 * @param prompts                the anomaly prompts, object name filled in
 * @param hiddenStates           {@code [prompts (+ 1), tokens, width]}, row-major; the feature prompt's row last
 * @param tokens                 tokens per prompt (77)
 * @param width                  the text encoder's hidden width (the UNet's cross-attention width)
 * @param anomalyTokenPositions  per prompt, the token indices (0 = start of text) of its anomaly words
 * @param contentTokenCounts     per prompt, how many tokens its words take (positions 1 to this count)
 * @param featurePrompt          the neutral prompt, object name filled in; empty when the features are the mean
 *                               over the anomaly prompts
 */
record TextConditioning(List<String> prompts, float[] hiddenStates, int tokens, int width,
                        int[][] anomalyTokenPositions, int[] contentTokenCounts, String featurePrompt) {

    TextConditioning {
        prompts = List.copyOf(prompts);
        int rows = prompts.size() + (featurePrompt.isEmpty() ? 0 : 1);
        if (hiddenStates.length != (long) rows * tokens * width || anomalyTokenPositions.length != prompts.size()
                || contentTokenCounts.length != prompts.size()) {
            throw new IllegalArgumentException("text conditioning of " + prompts.size() + " prompts has "
                    + hiddenStates.length + " values and " + anomalyTokenPositions.length + " position lists");
        }
    }

    int promptCount() {
        return prompts.size();
    }

    boolean hasFeaturePrompt() {
        return !featurePrompt.isEmpty();
    }

    /**
     * A new {@code [batch, tokens, width]} array for one UNet call: the anomaly prompts when {@code anomalyPrompts},
     * then the feature prompt when {@code featurePrompt} (and there is one); the caller closes it.
     */
    INDArray encoderHiddenStates(boolean anomalyPrompts, boolean featurePrompt) {
        int first = anomalyPrompts ? 0 : prompts.size();
        int end = prompts.size() + (featurePrompt && hasFeaturePrompt() ? 1 : 0);
        int row = tokens * width;
        float[] chosen = new float[(end - first) * row];
        System.arraycopy(hiddenStates, first * row, chosen, 0, chosen.length);
        return Nd4j.create(chosen, new long[] {end - first, tokens, width}, 'c');
    }
}

package org.clipfusion.diffusion.mapdiff.internal;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * M_Diff,L: how much the UNet's image locations attend to the anomaly words. Per {@code attn2} layer, prompt and
 * head, the softmax probability on the anomaly words' tokens (averaged over a word's BPE tokens and over the words),
 * by default as a share of that head's attention on the prompt's content tokens (see
 * {@link MapDiffSettings.AttentionScale}); averaged over heads, resized to the latent grid, then averaged over layers
 * and prompts. Never min–max normalised per image (method.md §5).
 */
final class LanguageMap {
    /** Below this a head's attention on the content tokens is taken as none at all: its share counts as 0. */
    private static final double CONTENT_FLOOR = 1e-12;

    private LanguageMap() {
    }

    static float[] of(UNetCapture capture, Map<String, Integer> headsByLayer, TextConditioning text,
                      MapDiffSettings.AttentionScale scale, LatentGrid grid) {
        double[] sum = new double[grid.cells()];
        int maps = 0;
        for (Map.Entry<String, Integer> layer : headsByLayer.entrySet()) {
            INDArray probabilities = capture.get(layer.getKey());
            for (int prompt = 0; prompt < text.promptCount(); prompt++) {
                int contentTokens = scale == MapDiffSettings.AttentionScale.CONTENT_TOKENS
                        ? text.contentTokenCounts()[prompt] : 0;
                float[] map = grid.resize(promptMap(probabilities, layer.getValue(), prompt,
                        text.anomalyTokenPositions()[prompt], contentTokens));
                for (int cell = 0; cell < sum.length; cell++) {
                    sum[cell] += map[cell];
                }
                maps++;
            }
        }
        float[] mean = new float[sum.length];
        for (int cell = 0; cell < mean.length; cell++) {
            mean[cell] = (float) (sum[cell] / maps);
        }
        return mean;
    }

    /**
     * One layer's map for one prompt from its probabilities {@code [prompts·heads, h·w, tokens]}, whose first index
     * is {@code prompt·heads + head}: per head, the mean probability of the given token columns, divided by the
     * head's total probability on token columns 1 to {@code contentTokens} when that is positive (0 = raw); then the
     * mean over heads.
     */
    static float[] promptMap(INDArray probabilities, int heads, int prompt, int[] tokenPositions, int contentTokens) {
        int cells = (int) probabilities.size(1);
        double[][] words = new double[heads][cells];
        for (int token : tokenPositions) {
            // A view of the prompt's heads at one token column, [heads, h·w].
            float[][] column = probabilities.get(NDArrayIndex.interval(prompt * heads, (prompt + 1) * heads),
                    NDArrayIndex.all(), NDArrayIndex.point(token)).toFloatMatrix();
            for (int head = 0; head < heads; head++) {
                for (int cell = 0; cell < cells; cell++) {
                    words[head][cell] += column[head][cell] / (double) tokenPositions.length;
                }
            }
        }
        float[][] content = null;
        if (contentTokens > 0) {
            INDArray columns = probabilities.get(NDArrayIndex.interval(prompt * heads, (prompt + 1) * heads),
                    NDArrayIndex.all(), NDArrayIndex.interval(1, 1 + contentTokens));
            try (INDArray total = columns.sum(2)) {
                content = total.toFloatMatrix();
            }
        }
        float[] map = new float[cells];
        for (int cell = 0; cell < cells; cell++) {
            double sum = 0;
            for (int head = 0; head < heads; head++) {
                if (content == null) {
                    sum += words[head][cell];
                } else {
                    double total = content[head][cell];
                    sum += total > CONTENT_FLOOR ? words[head][cell] / total : 0;
                }
            }
            map[cell] = (float) (sum / heads);
        }
        return map;
    }
}

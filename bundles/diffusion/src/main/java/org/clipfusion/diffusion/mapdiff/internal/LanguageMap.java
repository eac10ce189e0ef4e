package org.clipfusion.diffusion.mapdiff.internal;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * M_Diff,L: how much the UNet's image locations attend to the anomaly words. Per {@code attn2} layer and prompt,
 * the softmax probability on the anomaly words' tokens (averaged over a word's BPE tokens and over the words), averaged
 * over heads, resized to the latent grid; then averaged over layers and prompts. Raw probabilities in [0, 1], never
 * min–max normalised per image (method.md §5).
 */
final class LanguageMap {
    private LanguageMap() {
    }

    static float[] of(UNetCapture capture, Map<String, Integer> headsByLayer, TextConditioning text,
                      LatentGrid grid) {
        double[] sum = new double[grid.cells()];
        int maps = 0;
        for (Map.Entry<String, Integer> layer : headsByLayer.entrySet()) {
            INDArray probabilities = capture.get(layer.getKey());
            for (int prompt = 0; prompt < text.promptCount(); prompt++) {
                float[] map = grid.resize(promptMap(probabilities, layer.getValue(), prompt,
                        text.anomalyTokenPositions()[prompt]));
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
     * is {@code prompt·heads + head}: the mean over that prompt's heads and the given token columns.
     */
    static float[] promptMap(INDArray probabilities, int heads, int prompt, int[] tokenPositions) {
        int cells = (int) probabilities.size(1);
        double[] sum = new double[cells];
        for (int token : tokenPositions) {
            // A view of the prompt's heads at one token column, [heads, h·w]; its mean over heads is a new array.
            INDArray column = probabilities.get(NDArrayIndex.interval(prompt * heads, (prompt + 1) * heads),
                    NDArrayIndex.all(), NDArrayIndex.point(token));
            try (INDArray headMean = column.mean(0)) {
                float[] values = headMean.toFloatVector();
                for (int cell = 0; cell < cells; cell++) {
                    sum[cell] += values[cell];
                }
            }
        }
        float[] map = new float[cells];
        for (int cell = 0; cell < cells; cell++) {
            map[cell] = (float) (sum[cell] / tokenPositions.length);
        }
        return map;
    }
}

package org.clipfusion.diffusion.mapdiff.internal;

import java.util.Arrays;
import org.clipfusion.nn.NearestNeighbourSearch;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One UNet feature output as rows to compare: one row per location, L2-normalised. The batch holds one element per
 * prompt, all on the same noisy latent; their features differ only through cross-attention, so the feature of a
 * location is their mean (a prompt ensemble at no extra forward).
 */
final class FeatureRows {
    private FeatureRows() {
    }

    /**
     * @param output {@code [prompts, channels, h, w]}
     * @return a new {@code [h·w, channels]} float32 array of unit rows, row {@code y·w + x}; the caller closes it
     */
    static INDArray unitRows(INDArray output) {
        if (output.rank() != 4) {
            throw new IllegalArgumentException("a feature output must be [batch, channels, h, w], got "
                    + Arrays.toString(output.shape()));
        }
        long channels = output.size(1);
        long cells = output.size(2) * output.size(3);
        try (INDArray promptMean = output.mean(0)) {
            // reshape and transpose are views of promptMean; normalizeRows copies them into a new array.
            return NearestNeighbourSearch.normalizeRows(promptMean.reshape('c', channels, cells).transpose());
        }
    }
}

package org.clipfusion.diffusion.mapdiff.internal;

import java.util.Arrays;
import org.clipfusion.nn.NearestNeighbourSearch;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * One UNet feature output as rows to compare: one row per location, L2-normalised. The batch elements share one
 * noisy latent and differ only in their text conditioning; the rows are those of the chosen elements (the neutral
 * feature prompt's, or the mean over the anomaly prompts').
 */
final class FeatureRows {
    private FeatureRows() {
    }

    /**
     * @param output {@code [batch, channels, h, w]}
     * @param first  first batch element to use
     * @param end    one past the last; the rows are the mean over {@code [first, end)}
     * @return a new {@code [h·w, channels]} float32 array of unit rows, row {@code y·w + x}; the caller closes it
     */
    static INDArray unitRows(INDArray output, int first, int end) {
        if (output.rank() != 4 || end > output.size(0) || first >= end) {
            throw new IllegalArgumentException("a feature output must be [batch, channels, h, w] holding elements ["
                    + first + ", " + end + "), got " + Arrays.toString(output.shape()));
        }
        long channels = output.size(1);
        long cells = output.size(2) * output.size(3);
        INDArray chosen = output.get(NDArrayIndex.interval(first, end), NDArrayIndex.all(), NDArrayIndex.all(),
                NDArrayIndex.all());
        try (INDArray mean = chosen.mean(0)) {
            // reshape and transpose are views of the mean; normalizeRows copies them into a new array.
            return NearestNeighbourSearch.normalizeRows(mean.reshape('c', channels, cells).transpose());
        }
    }
}

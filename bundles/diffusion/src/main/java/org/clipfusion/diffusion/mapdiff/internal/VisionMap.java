package org.clipfusion.diffusion.mapdiff.internal;

import java.util.List;
import org.clipfusion.nn.NearestNeighbourSearch;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * M_Diff,V: how far each location's UNet features lie from their nearest neighbour among all locations of the k
 * references, {@code min_r ½(1 − ⟨f, r⟩)} per feature layer (a blocked search, never the whole distance matrix),
 * resized to the latent grid and averaged over layers.
 */
final class VisionMap {
    private VisionMap() {
    }

    /**
     * @param queryRows per feature layer, the image's unit rows {@code [h·w, channels]}
     * @param bankRows  per feature layer, the bank's unit rows
     */
    static float[] of(List<INDArray> queryRows, List<INDArray> bankRows, NearestNeighbourSearch search,
                      LatentGrid grid) {
        double[] sum = new double[grid.cells()];
        for (int index = 0; index < queryRows.size(); index++) {
            float[] map = grid.resize(search.halfCosineDistances(queryRows.get(index), bankRows.get(index)));
            for (int cell = 0; cell < sum.length; cell++) {
                sum[cell] += map[cell];
            }
        }
        float[] mean = new float[sum.length];
        for (int cell = 0; cell < mean.length; cell++) {
            mean[cell] = (float) (sum[cell] / queryRows.size());
        }
        return mean;
    }
}

package org.clipfusion.clip.internal;

import java.util.List;

/**
 * The views of one scale of an image (the crops of one crop scale, or the WinCLIP windows of one size) with their
 * unit embeddings, and where each view lies on the map it is aggregated on (the map grid for crops, the ViT patch
 * grid for windows). WinCLIP keeps scales apart: each has its own memory bank and its own harmonic aggregation.
 *
 * @param key            names the scale in a memory bank, e.g. {@code crop:0.5} or {@code window:2}
 * @param mapWidth       width of the map the views are aggregated on
 * @param mapHeight      height of that map
 * @param regions        per view, {@code {x0, y0, x1, y1}} on that map (end exclusive)
 * @param unitEmbeddings per view, its unit embedding
 */
record ScaleViews(String key, int mapWidth, int mapHeight, List<int[]> regions, float[][] unitEmbeddings) {

    ScaleViews {
        regions = List.copyOf(regions);
        if (regions.size() != unitEmbeddings.length) {
            throw new IllegalArgumentException(key + ": " + regions.size() + " regions but " + unitEmbeddings.length
                    + " embeddings");
        }
    }

    /** Per cell of the map, the harmonic mean of the scores of the views covering it; {@code NaN} where none does. */
    float[] harmonicMap(double[] scores) {
        HarmonicMap map = new HarmonicMap(mapWidth, mapHeight);
        for (int i = 0; i < scores.length; i++) {
            int[] region = regions.get(i);
            map.add(region[0], region[1], region[2], region[3], scores[i]);
        }
        return map.means();
    }
}

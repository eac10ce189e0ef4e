package org.clipfusion.engine.internal;

import java.util.Map;
import org.clipfusion.api.AnomalyMap;
import org.clipfusion.api.MapRole;

/**
 * What the pipeline makes of one image, before a threshold judges it.
 *
 * @param imageScore      the raw image score
 * @param segmentationMap the fused (α of segmentation) and smoothed map on the evaluation grid
 * @param componentMaps   the scorers' maps on the evaluation grid, by role
 * @param scorerNanos     how long each scorer took, by scorer id (for latency metrics)
 */
record ScoredImage(double imageScore, AnomalyMap segmentationMap, Map<MapRole, AnomalyMap> componentMaps,
                   Map<String, Long> scorerNanos) {
    ScoredImage {
        componentMaps = Map.copyOf(componentMaps);
        scorerNanos = Map.copyOf(scorerNanos);
    }

    ScoredImage(double imageScore, AnomalyMap segmentationMap, Map<MapRole, AnomalyMap> componentMaps) {
        this(imageScore, segmentationMap, componentMaps, Map.of());
    }
}

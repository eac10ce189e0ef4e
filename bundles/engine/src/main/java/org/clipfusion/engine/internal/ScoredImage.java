package org.clipfusion.engine.internal;

import java.util.Map;
import org.clipfusion.api.AnomalyMap;
import org.clipfusion.api.MapRole;

/**
 * What the pipeline makes of one image, before a threshold judges it.
 *
 * @param imageScore      the raw image score
 * @param segmentationMap the fused (α of segmentation) and smoothed map on the evaluation grid
 * @param componentMaps   the maps that were fused, on the evaluation grid, by role, scaled as the category says
 * @param method          how they were scaled, for provenance ({@code fusion.*} keys)
 * @param scorerNanos     how long each scorer took, by scorer id (for latency metrics)
 */
record ScoredImage(double imageScore, AnomalyMap segmentationMap, Map<MapRole, AnomalyMap> componentMaps,
                   Map<String, String> method, Map<String, Long> scorerNanos) {
    ScoredImage {
        componentMaps = Map.copyOf(componentMaps);
        method = Map.copyOf(method);
        scorerNanos = Map.copyOf(scorerNanos);
    }
}

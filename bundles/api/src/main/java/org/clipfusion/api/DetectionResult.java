package org.clipfusion.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of one inspection.
 *
 * @param requestId     echoes {@link DetectionRequest#requestId()}
 * @param partId        echoes {@link DetectionRequest#partId()}
 * @param imageId       the inspected image's id
 * @param time          when the result was produced
 * @param imageScore    the raw image-level anomaly score (higher is more anomalous)
 * @param map           the fused, smoothed pixel map on the evaluation grid
 * @param componentMaps the maps that were fused, by role, on the evaluation grid
 * @param decision      the verdict under {@link #threshold()}
 * @param threshold     the threshold in force and how it was set
 * @param provenance    what produced the result
 * @param pixelThreshold the threshold on {@link #map()} values that marks anomalous pixels (a different quantity
 *                      from the image score, calibrated separately), and how it was set; {@link ThresholdSource#UNSET}
 *                      with the reason in its detail when there is none (then no mask can be drawn)
 */
public record DetectionResult(String requestId, String partId, String imageId, Instant time, double imageScore,
                              AnomalyMap map, Map<MapRole, AnomalyMap> componentMaps, Decision decision,
                              Threshold threshold, Provenance provenance, Threshold pixelThreshold) {
    public DetectionResult {
        Objects.requireNonNull(requestId, "requestId");
        partId = partId == null ? "" : partId;
        Objects.requireNonNull(imageId, "imageId");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(map, "map");
        componentMaps = Map.copyOf(componentMaps);
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(threshold, "threshold");
        Objects.requireNonNull(provenance, "provenance");
        Objects.requireNonNull(pixelThreshold, "pixelThreshold");
    }

    /** A result without a pixel threshold (its detail says none was given). */
    public DetectionResult(String requestId, String partId, String imageId, Instant time, double imageScore,
                           AnomalyMap map, Map<MapRole, AnomalyMap> componentMaps, Decision decision,
                           Threshold threshold, Provenance provenance) {
        this(requestId, partId, imageId, time, imageScore, map, componentMaps, decision, threshold, provenance,
                new Threshold(Double.NaN, ThresholdSource.UNSET, "no pixel threshold was given"));
    }
}

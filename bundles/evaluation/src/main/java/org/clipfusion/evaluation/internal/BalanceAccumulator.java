package org.clipfusion.evaluation.internal;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.clipfusion.api.AnomalyMap;
import org.clipfusion.api.DetectionResult;
import org.clipfusion.api.MapRole;
import org.clipfusion.evaluation.MapBalance;

/**
 * Collects, over a run, how each component map sits in the fusion: its range on normal and on anomalous pixels,
 * and its weighted part of the paper's weighted sum. The maps are those the fusion received (on the evaluation
 * grid); the ground truth is sampled onto that grid by nearest neighbour. Memory: a few numbers per role.
 */
final class BalanceAccumulator {
    private static final List<MapRole> CLIP = List.of(MapRole.CLIP_LANGUAGE, MapRole.CLIP_VISION);
    private static final List<MapRole> DIFFUSION = List.of(MapRole.DIFFUSION_LANGUAGE, MapRole.DIFFUSION_VISION);

    /** Running min, sum, max and count of one set of pixels. */
    private static final class Range {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum;
        long count;

        void add(double value) {
            min = Math.min(min, value);
            max = Math.max(max, value);
            sum += value;
            count++;
        }

        double min() {
            return count == 0 ? Double.NaN : min;
        }

        double mean() {
            return count == 0 ? Double.NaN : sum / count;
        }

        double max() {
            return count == 0 ? Double.NaN : max;
        }
    }

    private final Map<MapRole, Range> normal = new EnumMap<>(MapRole.class);
    private final Map<MapRole, Range> anomalous = new EnumMap<>(MapRole.class);
    private final Map<MapRole, Double> weightedMass = new EnumMap<>(MapRole.class);

    /**
     * @param mask the image's ground truth at its own resolution ({@code width × height}), or null for a normal image
     */
    void add(DetectionResult result, boolean[] mask, int width, int height) {
        Map<MapRole, AnomalyMap> maps = result.componentMaps();
        boolean bothBranches = maps.keySet().stream().anyMatch(CLIP::contains)
                && maps.keySet().stream().anyMatch(DIFFUSION::contains);
        double alpha = result.provenance().alphaSegmentation();
        for (Map.Entry<MapRole, AnomalyMap> entry : maps.entrySet()) {
            MapRole role = entry.getKey();
            AnomalyMap map = entry.getValue();
            double weight = !bothBranches ? 1 : CLIP.contains(role) ? alpha : DIFFUSION.contains(role) ? 1 - alpha : 1;
            float[] values = map.values();
            Range normalRange = normal.computeIfAbsent(role, r -> new Range());
            Range anomalousRange = anomalous.computeIfAbsent(role, r -> new Range());
            double mass = 0;
            for (int y = 0; y < map.height(); y++) {
                int maskY = Math.min(height - 1, (int) ((y + 0.5) * height / map.height()));
                for (int x = 0; x < map.width(); x++) {
                    int maskX = Math.min(width - 1, (int) ((x + 0.5) * width / map.width()));
                    float value = values[y * map.width() + x];
                    if (mask != null && mask[maskY * width + maskX]) {
                        anomalousRange.add(value);
                    } else {
                        normalRange.add(value);
                    }
                    mass += Math.abs(value);
                }
            }
            weightedMass.merge(role, weight * mass, Double::sum);
        }
    }

    List<MapBalance> balance() {
        double total = weightedMass.values().stream().mapToDouble(Double::doubleValue).sum();
        List<MapBalance> balance = new ArrayList<>();
        for (MapRole role : normal.keySet()) {
            Range n = normal.get(role);
            Range a = anomalous.get(role);
            balance.add(new MapBalance(role.name(), n.min(), n.mean(), n.max(), a.min(), a.mean(), a.max(),
                    total > 0 ? weightedMass.get(role) / total : Double.NaN));
        }
        return balance;
    }
}

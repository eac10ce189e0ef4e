package org.clipfusion.fusion.internal;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import org.clipfusion.api.AnomalyMap;
import org.clipfusion.api.MapRole;
import org.clipfusion.api.spi.FusionInput;
import org.clipfusion.api.spi.FusionStrategy;
import org.clipfusion.api.spi.ServiceProperties;
import org.osgi.service.component.annotations.Component;

/**
 * Makes maps of different scales comparable before the paper's weighted sum by replacing each value with its rank
 * within its own map (0 for the lowest, 1 for the highest; ties share their mean rank). Useful when one branch's raw
 * scores are much larger than the other's; note that ranks are relative to the image, so an all-normal image still
 * has a "highest" pixel: judge images by the raw image score, not by this map's maximum.
 */
@Component(property = {ServiceProperties.ID + "=" + RankNormalizedSumFusion.ID, "service.ranking:Integer=10"})
public class RankNormalizedSumFusion implements FusionStrategy {
    static final String ID = "rank-normalized-sum";

    private final WeightedSumFusion weightedSum = new WeightedSumFusion();

    @Override
    public String id() {
        return ID;
    }

    @Override
    public AnomalyMap fuse(FusionInput input) {
        Map<MapRole, AnomalyMap> ranked = new EnumMap<>(MapRole.class);
        input.maps().forEach((role, map) -> ranked.put(role,
                new AnomalyMap(map.width(), map.height(), ranks(map.values()), role, map.source())));
        AnomalyMap sum = weightedSum.fuse(new FusionInput(ranked, input.alpha(), input.fewShot()));
        return new AnomalyMap(sum.width(), sum.height(), sum.values(), MapRole.FUSED, ID);
    }

    /** Fractional ranks in [0, 1], ties averaged (so a constant map, or a single value, ranks 0.5 everywhere). */
    static float[] ranks(float[] values) {
        if (values.length == 1) {
            return new float[] {0.5f};
        }
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(values[a], values[b]));
        float[] ranks = new float[values.length];
        double scale = values.length - 1;
        for (int start = 0; start < order.length; ) {
            int end = start;
            while (end + 1 < order.length && values[order[end + 1]] == values[order[start]]) {
                end++;
            }
            float rank = (float) ((start + end) / 2.0 / scale);
            for (int k = start; k <= end; k++) {
                ranks[order[k]] = rank;
            }
            start = end + 1;
        }
        return ranks;
    }
}

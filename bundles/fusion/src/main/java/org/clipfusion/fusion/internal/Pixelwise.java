package org.clipfusion.fusion.internal;

import java.util.ArrayList;
import java.util.List;
import org.clipfusion.api.AnomalyMap;
import org.clipfusion.api.MapRole;
import org.clipfusion.api.spi.FusionInput;

/** What every strategy needs: the input maps as arrays on one grid, and a way to wrap the result. */
final class Pixelwise {
    private Pixelwise() {
    }

    static int width(FusionInput input) {
        return input.maps().values().iterator().next().width();
    }

    static int height(FusionInput input) {
        return input.maps().values().iterator().next().height();
    }

    /** The maps of the given roles that are present, as value arrays. */
    static List<float[]> valuesOf(FusionInput input, MapRole... roles) {
        List<float[]> values = new ArrayList<>();
        for (MapRole role : roles) {
            AnomalyMap map = input.maps().get(role);
            if (map != null) {
                values.add(map.values());
            }
        }
        return values;
    }

    /** Every input map's values, whatever its role. */
    static List<float[]> allValues(FusionInput input) {
        List<float[]> values = new ArrayList<>();
        for (AnomalyMap map : input.maps().values()) {
            values.add(map.values());
        }
        return values;
    }

    static AnomalyMap fused(FusionInput input, float[] values, String strategyId) {
        return new AnomalyMap(width(input), height(input), values, MapRole.FUSED, strategyId);
    }
}

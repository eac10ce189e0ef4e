package org.clipfusion.fusion.internal;

import java.util.Arrays;
import org.clipfusion.api.AnomalyMap;
import org.clipfusion.api.spi.FusionInput;
import org.clipfusion.api.spi.FusionStrategy;
import org.clipfusion.api.spi.ServiceProperties;
import org.osgi.service.component.annotations.Component;

/** Pixelwise maximum of all maps: flags what any branch sees (more recall, more false alarms). α is not used. */
@Component(property = {ServiceProperties.ID + "=" + MaxFusion.ID, "service.ranking:Integer=10"})
public class MaxFusion implements FusionStrategy {
    static final String ID = "max";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public AnomalyMap fuse(FusionInput input) {
        float[] fused = new float[Pixelwise.width(input) * Pixelwise.height(input)];
        Arrays.fill(fused, Float.NEGATIVE_INFINITY);
        for (float[] map : Pixelwise.allValues(input)) {
            for (int i = 0; i < fused.length; i++) {
                fused[i] = Math.max(fused[i], map[i]);
            }
        }
        return Pixelwise.fused(input, fused, ID);
    }
}

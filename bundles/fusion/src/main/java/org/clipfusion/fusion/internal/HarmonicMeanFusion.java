package org.clipfusion.fusion.internal;

import java.util.List;
import org.clipfusion.api.AnomalyMap;
import org.clipfusion.api.spi.FusionInput;
import org.clipfusion.api.spi.FusionStrategy;
import org.clipfusion.api.spi.ServiceProperties;
import org.osgi.service.component.annotations.Component;

/**
 * Pixelwise harmonic mean of all maps, WinCLIP's aggregation: high only where every branch agrees (fewer false
 * alarms). Scores are floored at 1e-6 so that a zero does not dominate. α is not used.
 */
@Component(property = {ServiceProperties.ID + "=" + HarmonicMeanFusion.ID, "service.ranking:Integer=10"})
public class HarmonicMeanFusion implements FusionStrategy {
    static final String ID = "harmonic-mean";
    static final double FLOOR = 1e-6;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public AnomalyMap fuse(FusionInput input) {
        List<float[]> maps = Pixelwise.allValues(input);
        float[] fused = new float[Pixelwise.width(input) * Pixelwise.height(input)];
        for (int i = 0; i < fused.length; i++) {
            double reciprocals = 0;
            for (float[] map : maps) {
                reciprocals += 1.0 / Math.max(FLOOR, map[i]);
            }
            fused[i] = (float) (maps.size() / reciprocals);
        }
        return Pixelwise.fused(input, fused, ID);
    }
}

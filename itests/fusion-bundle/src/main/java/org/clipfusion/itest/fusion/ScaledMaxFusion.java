package org.clipfusion.itest.fusion;

import org.clipfusion.api.AnomalyMap;
import org.clipfusion.api.MapRole;
import org.clipfusion.api.spi.FusionInput;
import org.clipfusion.api.spi.FusionStrategy;
import org.clipfusion.api.spi.ServiceProperties;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Pixelwise maximum times the bundle's {@value #VARIANT_HEADER} header (1 when absent), so that a test can tell from a
 * result's values which build of this bundle produced it. Ranked above every shipped strategy.
 */
@Component(property = {ServiceProperties.ID + "=" + ScaledMaxFusion.ID, "service.ranking:Integer=1000"})
public class ScaledMaxFusion implements FusionStrategy {
    static final String ID = "itest-scaled-max";
    static final String VARIANT_HEADER = "ClipFusion-Itest-Variant";

    private float factor = 1;

    @Activate
    void activate() {
        Bundle bundle = FrameworkUtil.getBundle(ScaledMaxFusion.class);
        String variant = bundle == null ? null : bundle.getHeaders().get(VARIANT_HEADER);
        factor = variant == null ? 1 : Float.parseFloat(variant);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public AnomalyMap fuse(FusionInput input) {
        AnomalyMap first = input.maps().values().iterator().next();
        float[] fused = new float[first.width() * first.height()];
        java.util.Arrays.fill(fused, Float.NEGATIVE_INFINITY);
        for (AnomalyMap map : input.maps().values()) {
            float[] values = map.values();
            for (int i = 0; i < fused.length; i++) {
                fused[i] = Math.max(fused[i], values[i]);
            }
        }
        for (int i = 0; i < fused.length; i++) {
            fused[i] *= factor;
        }
        return new AnomalyMap(first.width(), first.height(), fused, MapRole.FUSED, ID);
    }
}

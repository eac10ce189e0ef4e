package org.clipfusion.fusion.internal;

import java.util.List;
import org.clipfusion.api.AnomalyMap;
import org.clipfusion.api.MapRole;
import org.clipfusion.api.spi.FusionInput;
import org.clipfusion.api.spi.FusionStrategy;
import org.clipfusion.api.spi.ServiceProperties;
import org.osgi.service.component.annotations.Component;

/**
 * The paper's rule: {@code M = α(M_CLIP,L + M_CLIP,V) + (1 − α)(M_Diff,L + M_Diff,V)}. Zero-shot inputs carry only
 * the language-guided maps. When a category runs only one branch, that branch gets the whole weight (α would otherwise
 * just rescale the map and the threshold with it). Maps of other roles are ignored.
 */
@Component(property = {ServiceProperties.ID + "=" + WeightedSumFusion.ID, "service.ranking:Integer=100"})
public class WeightedSumFusion implements FusionStrategy {
    static final String ID = "weighted-sum";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public AnomalyMap fuse(FusionInput input) {
        List<float[]> clip = Pixelwise.valuesOf(input, MapRole.CLIP_LANGUAGE, MapRole.CLIP_VISION);
        List<float[]> diffusion = Pixelwise.valuesOf(input, MapRole.DIFFUSION_LANGUAGE, MapRole.DIFFUSION_VISION);
        if (clip.isEmpty() && diffusion.isEmpty()) {
            throw new IllegalArgumentException("weighted-sum fuses CLIP and diffusion maps; got only "
                    + input.maps().keySet());
        }
        double clipWeight = diffusion.isEmpty() ? 1 : clip.isEmpty() ? 0 : input.alpha();
        float[] fused = new float[Pixelwise.width(input) * Pixelwise.height(input)];
        addScaled(fused, clip, clipWeight);
        addScaled(fused, diffusion, 1 - clipWeight);
        return Pixelwise.fused(input, fused, ID);
    }

    private static void addScaled(float[] target, List<float[]> maps, double weight) {
        for (float[] map : maps) {
            for (int i = 0; i < target.length; i++) {
                target[i] += (float) (weight * map[i]);
            }
        }
    }
}

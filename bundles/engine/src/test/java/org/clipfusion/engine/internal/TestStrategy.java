package org.clipfusion.engine.internal;

import java.util.EnumMap;
import java.util.Map;
import org.clipfusion.api.AnomalyMap;
import org.clipfusion.api.MapRole;
import org.clipfusion.api.spi.FusionInput;
import org.clipfusion.api.spi.FusionStrategy;

/** Fusion strategies for the tests. */
final class TestStrategy implements FusionStrategy {
    /** The fusion rule. */
    interface Rule {
        float fuse(Map<MapRole, Float> pixel, double alpha);
    }

    private final String id;
    private final Rule rule;

    TestStrategy(String id, Rule rule) {
        this.id = id;
        this.rule = rule;
    }

    /** The paper's rule: α (CLIP maps) + (1 − α) (every other map). */
    static TestStrategy weightedSum(String id) {
        return new TestStrategy(id, (pixel, alpha) -> {
            double clip = 0;
            double other = 0;
            for (Map.Entry<MapRole, Float> value : pixel.entrySet()) {
                boolean isClip = value.getKey() == MapRole.CLIP_LANGUAGE || value.getKey() == MapRole.CLIP_VISION;
                if (isClip) {
                    clip += value.getValue();
                } else {
                    other += value.getValue();
                }
            }
            return (float) (alpha * clip + (1 - alpha) * other);
        });
    }

    /** Pixelwise maximum. */
    static TestStrategy max(String id) {
        return new TestStrategy(id, (pixel, alpha) -> {
            float max = Float.NEGATIVE_INFINITY;
            for (float value : pixel.values()) {
                max = Math.max(max, value);
            }
            return max;
        });
    }

    Map<String, Object> properties(int ranking, long serviceId) {
        return Map.of("clipfusion.id", id, "service.ranking", ranking, "service.id", serviceId);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public AnomalyMap fuse(FusionInput input) {
        AnomalyMap first = input.maps().values().iterator().next();
        float[] fused = new float[first.width() * first.height()];
        Map<MapRole, float[]> values = new EnumMap<>(MapRole.class);
        input.maps().forEach((role, map) -> values.put(role, map.values()));
        for (int i = 0; i < fused.length; i++) {
            Map<MapRole, Float> pixel = new EnumMap<>(MapRole.class);
            for (Map.Entry<MapRole, float[]> map : values.entrySet()) {
                pixel.put(map.getKey(), map.getValue()[i]);
            }
            fused[i] = rule.fuse(pixel, input.alpha());
        }
        return new AnomalyMap(first.width(), first.height(), fused, MapRole.FUSED, id);
    }
}

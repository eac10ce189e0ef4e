package org.clipfusion.api.spi;

import java.util.Map;
import java.util.OptionalDouble;
import org.clipfusion.api.AnomalyMap;
import org.clipfusion.api.MapRole;

/**
 * A scorer's answer for one image: maps at the scorer's own resolution (the engine resamples them) and, where the
 * scorer has one, an image-level score.
 */
public record ScorerOutput(Map<MapRole, AnomalyMap> maps, OptionalDouble imageScore) {
    public ScorerOutput {
        maps = Map.copyOf(maps);
        imageScore = imageScore == null ? OptionalDouble.empty() : imageScore;
    }
}

package org.clipfusion.api.spi;

import java.util.Map;
import org.clipfusion.api.AnomalyMap;
import org.clipfusion.api.MapRole;

/**
 * The maps to fuse, all already on the evaluation grid (same width and height), with the category's α.
 *
 * @param maps    by role; a zero-shot category has only the language-guided maps
 * @param alpha   weight of the CLIP branch, in [0, 1]
 * @param fewShot whether the category has references (vision-guided maps present)
 */
public record FusionInput(Map<MapRole, AnomalyMap> maps, double alpha, boolean fewShot) {
    public FusionInput {
        maps = Map.copyOf(maps);
        if (maps.isEmpty()) {
            throw new IllegalArgumentException("nothing to fuse: no maps");
        }
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must lie in [0, 1], got " + alpha);
        }
        AnomalyMap first = maps.values().iterator().next();
        for (AnomalyMap map : maps.values()) {
            if (map.width() != first.width() || map.height() != first.height()) {
                throw new IllegalArgumentException("maps to fuse differ in size: " + first.width() + "x"
                        + first.height() + " vs " + map.width() + "x" + map.height() + " (" + map.source() + ")");
            }
        }
    }
}

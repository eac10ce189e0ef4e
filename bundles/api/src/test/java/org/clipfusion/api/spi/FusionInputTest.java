package org.clipfusion.api.spi;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.clipfusion.api.AnomalyMap;
import org.clipfusion.api.MapRole;
import org.junit.jupiter.api.Test;

class FusionInputTest {

    @Test
    void refusesMapsOfDifferentSizesNamingTheOddOne() {
        AnomalyMap clip = new AnomalyMap(2, 2, new float[4], MapRole.CLIP_LANGUAGE, "patchclip");
        AnomalyMap diff = new AnomalyMap(3, 2, new float[6], MapRole.DIFFUSION_LANGUAGE, "mapdiff");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FusionInput(Map.of(MapRole.CLIP_LANGUAGE, clip, MapRole.DIFFUSION_LANGUAGE, diff), 0.5,
                        false));
        assertTrue(e.getMessage().contains("differ in size"), e.getMessage());
    }

    @Test
    void alphaMustBeAWeight() {
        AnomalyMap clip = new AnomalyMap(1, 1, new float[1], MapRole.CLIP_LANGUAGE, "patchclip");
        assertThrows(IllegalArgumentException.class, () -> new FusionInput(Map.of(MapRole.CLIP_LANGUAGE, clip), 1.5, false));
        assertThrows(IllegalArgumentException.class,
                () -> new FusionInput(Map.of(MapRole.CLIP_LANGUAGE, clip), Double.NaN, false));
        assertThrows(IllegalArgumentException.class, () -> new FusionInput(Map.of(), 0.5, false));
    }
}

package org.clipfusion.fusion.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.EnumMap;
import java.util.Map;
import org.clipfusion.api.AnomalyMap;
import org.clipfusion.api.MapRole;
import org.clipfusion.api.spi.FusionInput;
import org.junit.jupiter.api.Test;

/** Each strategy on 2×1 maps, against values worked out by hand. */
class FusionStrategiesTest {
    private static final float EPS = 1e-6f;

    @Test
    void weightedSumIsThePapersFormulaInFewShot() {
        FusionInput input = input(0.3, true, MapRole.CLIP_LANGUAGE, new float[] {0.2f, 0.4f},
                MapRole.CLIP_VISION, new float[] {0.1f, 0.5f}, MapRole.DIFFUSION_LANGUAGE, new float[] {0.6f, 0.0f},
                MapRole.DIFFUSION_VISION, new float[] {0.2f, 0.2f});
        AnomalyMap fused = new WeightedSumFusion().fuse(input);
        // 0.3·(0.2+0.1) + 0.7·(0.6+0.2) = 0.65 ; 0.3·(0.4+0.5) + 0.7·(0.0+0.2) = 0.41
        assertArrayEquals(new float[] {0.65f, 0.41f}, fused.values(), EPS);
        assertEquals(MapRole.FUSED, fused.role());
        assertEquals("weighted-sum", fused.source());
    }

    @Test
    void weightedSumUsesTheLanguageMapsInZeroShot() {
        FusionInput input = input(0.5, false, MapRole.CLIP_LANGUAGE, new float[] {0.2f, 0.8f},
                MapRole.DIFFUSION_LANGUAGE, new float[] {0.4f, 0.0f});
        assertArrayEquals(new float[] {0.3f, 0.4f}, new WeightedSumFusion().fuse(input).values(), EPS);
    }

    @Test
    void weightedSumGivesASingleBranchTheWholeWeight() {
        FusionInput clipOnly = input(0.25, false, MapRole.CLIP_LANGUAGE, new float[] {0.2f, 0.8f});
        assertArrayEquals(new float[] {0.2f, 0.8f}, new WeightedSumFusion().fuse(clipOnly).values(), EPS);
        FusionInput diffusionOnly = input(0.25, true, MapRole.DIFFUSION_LANGUAGE, new float[] {0.1f, 0.1f},
                MapRole.DIFFUSION_VISION, new float[] {0.3f, 0.0f});
        assertArrayEquals(new float[] {0.4f, 0.1f}, new WeightedSumFusion().fuse(diffusionOnly).values(), EPS);
        assertThrows(IllegalArgumentException.class,
                () -> new WeightedSumFusion().fuse(input(0.5, false, MapRole.OTHER, new float[] {1, 1})));
    }

    @Test
    void maxTakesTheLargestOfAllMaps() {
        FusionInput input = input(0.5, false, MapRole.CLIP_LANGUAGE, new float[] {0.2f, 0.9f},
                MapRole.DIFFUSION_LANGUAGE, new float[] {0.4f, 0.1f}, MapRole.OTHER, new float[] {-1f, 0.95f});
        assertArrayEquals(new float[] {0.4f, 0.95f}, new MaxFusion().fuse(input).values(), EPS);
    }

    @Test
    void harmonicMeanIsHighOnlyWhereAllAgree() {
        FusionInput input = input(0.5, false, MapRole.CLIP_LANGUAGE, new float[] {0.5f, 0.9f},
                MapRole.DIFFUSION_LANGUAGE, new float[] {0.25f, 0f});
        // 2 / (1/0.5 + 1/0.25) = 1/3 ; 2 / (1/0.9 + 1/1e-6) ≈ 2e-6
        float[] fused = new HarmonicMeanFusion().fuse(input).values();
        assertEquals(1f / 3, fused[0], EPS);
        assertEquals(2 / (1 / 0.9 + 1 / 1e-6), fused[1], 1e-9);
    }

    @Test
    void rankNormalizedSumComparesRanksNotScales() {
        FusionInput input = input(0.5, false, MapRole.CLIP_LANGUAGE, new float[] {0.01f, 0.02f, 0.02f},
                MapRole.DIFFUSION_LANGUAGE, new float[] {300f, 100f, 200f});
        // CLIP ranks 0, 0.75, 0.75 (tie at positions 1 and 2); diffusion ranks 1, 0, 0.5
        assertArrayEquals(new float[] {0.5f, 0.375f, 0.625f}, new RankNormalizedSumFusion().fuse(input).values(),
                EPS);
        assertArrayEquals(new float[] {0.5f}, RankNormalizedSumFusion.ranks(new float[] {7f}), EPS);
    }

    private static FusionInput input(double alpha, boolean fewShot, Object... rolesAndValues) {
        Map<MapRole, AnomalyMap> maps = new EnumMap<>(MapRole.class);
        for (int i = 0; i < rolesAndValues.length; i += 2) {
            MapRole role = (MapRole) rolesAndValues[i];
            float[] values = (float[]) rolesAndValues[i + 1];
            maps.put(role, new AnomalyMap(values.length, 1, values, role, "test"));
        }
        return new FusionInput(maps, alpha, fewShot);
    }
}

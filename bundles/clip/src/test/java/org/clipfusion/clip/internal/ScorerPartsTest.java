package org.clipfusion.clip.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.clipfusion.api.config.ObjectNames;
import org.junit.jupiter.api.Test;

/** PatchCLIP's geometry, aggregation and prompts, against hand-computed values. */
class ScorerPartsTest {

    @Test
    void cropsAtHalfScaleWithHalfStrideAreThreeByThreeAndCoverTheImage() {
        List<CropGrid.Crop> crops = CropGrid.lay(240, 240, 0.5, 0.5);
        assertEquals(9, crops.size());
        assertEquals(new CropGrid.Crop(0, 0, 120), crops.get(0));
        assertEquals(new CropGrid.Crop(60, 0, 120), crops.get(1));
        assertEquals(new CropGrid.Crop(120, 120, 120), crops.get(8));
        assertEquals(25, CropGrid.lay(240, 240, 1.0 / 3, 0.5).size());
    }

    @Test
    void theLastCropOfARowEndsAtTheBorder() {
        List<CropGrid.Crop> crops = CropGrid.lay(100, 50, 0.5, 0.5);
        // side 25, stride 13: starts 0, 13, 26, 39, 52, 65 and then 75 so that column 99 is covered
        int lastX = crops.stream().mapToInt(CropGrid.Crop::x).max().orElseThrow();
        int lastY = crops.stream().mapToInt(CropGrid.Crop::y).max().orElseThrow();
        assertEquals(75, lastX);
        assertEquals(25, lastY);
        for (CropGrid.Crop crop : crops) {
            assertEquals(25, crop.size());
        }
    }

    @Test
    void harmonicMeanOfCoveringRegions() {
        HarmonicMap map = new HarmonicMap(3, 1);
        map.add(0, 0, 2, 1, 0.5);
        map.add(1, 0, 3, 1, 0.25);
        float[] means = map.means();
        assertEquals(0.5f, means[0], 1e-7f);
        assertEquals(2 / (1 / 0.5 + 1 / 0.25), means[1], 1e-7); // 1/3
        assertEquals(0.25f, means[2], 1e-7f);
        assertEquals(3 / (1 / 0.2 + 1 / 0.4 + 1 / 0.8), HarmonicMap.of(0.2, 0.4, 0.8), 1e-12);
        assertTrue(Float.isNaN(new HarmonicMap(1, 1).means()[0]));
    }

    @Test
    void promptEnsembleComposesStatesAndTemplates() {
        PromptEnsemble prompts = new PromptEnsemble(PatchClipSettings.NORMAL_STATES,
                PatchClipSettings.ANOMALOUS_STATES, PatchClipSettings.TEMPLATES);
        List<String> normal = prompts.normalPrompts("metal nut");
        List<String> anomalous = prompts.anomalousPrompts("metal nut");
        assertEquals(7 * 21, normal.size());
        assertEquals(4 * 21, anomalous.size());
        assertEquals("a cropped photo of the metal nut.", normal.get(0));
        assertTrue(anomalous.contains("a photo of a metal nut with defect for anomaly detection."));
        assertThrows(IllegalArgumentException.class, () -> new PromptEnsemble(List.of("no placeholder"),
                PatchClipSettings.ANOMALOUS_STATES, PatchClipSettings.TEMPLATES));
    }

    @Test
    void objectNamesFollowTheTableThenTheCategory() {
        ObjectNames names = ObjectNames.visaAnd();
        assertEquals("printed circuit board", names.objectName("pcb3", "pcb3"));
        assertEquals("metal nut", names.objectName("metal_nut", ""));
        assertEquals("hex nut", names.objectName("metal_nut", "hex nut"));
        assertThrows(IllegalArgumentException.class, () -> new ObjectNames(new String[] {"broken"}));
    }

    @Test
    void anomalyProbabilityIsTheTwoClassSoftmax() {
        TextPrototypes.Pair prototypes = new TextPrototypes.Pair(new float[] {1, 0}, new float[] {0, 1});
        float[] v = {0.6f, 0.8f};
        double a = 0.8f;
        double n = 0.6f;
        double expected = Math.exp(a / 0.07) / (Math.exp(n / 0.07) + Math.exp(a / 0.07));
        assertEquals(expected, Vectors.anomalyProbability(v, prototypes, 0.07), 1e-9);
        // τ = 0.01 with a large gap must not overflow
        assertEquals(1.0, Vectors.anomalyProbability(new float[] {-1, 1}, prototypes, 0.001), 1e-12);
    }

    @Test
    void settingsRejectNonsense() {
        assertThrows(IllegalArgumentException.class,
                () -> new PatchClipSettings(0, null, null, PatchClipSettings.LanguageMode.CROPS, new double[] {0.5},
                        0.5, new int[] {2}, 240, 8, 1 << 20, 1 << 20));
        assertThrows(IllegalArgumentException.class,
                () -> new PatchClipSettings(0.01, null, null, PatchClipSettings.LanguageMode.CROPS,
                        new double[] {1.5}, 0.5, new int[] {2}, 240, 8, 1 << 20, 1 << 20));
    }
}

package org.clipfusion.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.clipfusion.evaluation.Ablation;
import org.junit.jupiter.api.Test;

/** clipfusion:eval's ablation options as the category properties each variant changes. */
class AblationOptionsTest {
    @Test
    void branchesEachMapAlphasAndTheRawSumBecomeVariants() {
        List<Ablation> ablations = AblationOptions.of(true, true, "0.3, 0.7", true, 2);

        assertEquals(List.of("clip-branch", "diffusion-branch", "clip-language", "clip-vision", "diffusion-language",
                "diffusion-vision", "alpha=0.3", "alpha=0.7", "raw-sum"),
                ablations.stream().map(Ablation::name).toList());
        assertEquals(Map.of("maps", "clip_language, clip_vision"), ablations.get(0).overrides());
        assertEquals(Map.of("maps", "diffusion_vision"), ablations.get(5).overrides());
        assertEquals(Map.of("alphaSegmentation", "0.3", "alphaClassification", "0.3"), ablations.get(6).overrides());
        assertEquals(Map.of("mapScaling", "raw"), ablations.get(8).overrides());
    }

    @Test
    void zeroShotHasNoVisionMapsToIsolate() {
        assertEquals(List.of("clip-language", "diffusion-language"),
                AblationOptions.of(false, true, null, false, 0).stream().map(Ablation::name).toList());
    }

    @Test
    void anAlphaOutsideTheUnitIntervalIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AblationOptions.of(false, false, "0.5,1.5", false, 0));
        assertTrue(e.getMessage().contains("--alphas") && e.getMessage().contains("1.5"), e.getMessage());
    }
}

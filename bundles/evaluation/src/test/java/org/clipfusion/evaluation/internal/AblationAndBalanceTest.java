package org.clipfusion.evaluation.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.clipfusion.api.AnomalyMap;
import org.clipfusion.api.Decision;
import org.clipfusion.api.DetectionResult;
import org.clipfusion.api.MapRole;
import org.clipfusion.api.Provenance;
import org.clipfusion.api.Threshold;
import org.clipfusion.evaluation.Ablation;
import org.clipfusion.evaluation.EvaluationException;
import org.clipfusion.evaluation.EvaluationListener;
import org.clipfusion.evaluation.EvaluationPlan;
import org.clipfusion.evaluation.EvaluationReport;
import org.clipfusion.evaluation.MapBalance;
import org.clipfusion.evaluation.Metric;
import org.clipfusion.evaluation.RunResult;
import org.clipfusion.metrics.PixelMetricsAccumulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ablation variants of an evaluation, side by side, and the per-map fusion balance, with hand-computed values. */
class AblationAndBalanceTest {
    @TempDir
    Path temp;

    private final BrightnessDetector detector = new BrightnessDetector();
    private final RecordingCategories categories = new RecordingCategories();

    @Test
    void everyVariantRunsUnderItsOwnLabelWithItsOverridesAndIsReportedBesideTheTemplate() throws Exception {
        Path root = temp.resolve("data");
        TinyMvtec.write(root, "widget", 3, 4, 4, 1);
        List<Ablation> ablations = List.of(new Ablation("clip-branch", Map.of("maps", "clip_language, clip_vision")),
                new Ablation("alpha=0.3", Map.of("alphaSegmentation", "0.3", "alphaClassification", "0.3")));

        EvaluationReport report = new Evaluation(detector, categories, categories).run(plan(root, ablations),
                new EvaluationListener() { });

        assertEquals(List.of("widget", "widget [clip-branch]", "widget [alpha=0.3]"), report.categories());
        assertEquals(List.of(Map.of(), ablations.get(0).overrides(), ablations.get(1).overrides()),
                categories.overrides);
        for (String variant : List.of("", "clip-branch", "alpha=0.3")) {
            assertTrue(report.macroSummary(variant, Metric.IMAGE_AUROC).isPresent(), variant);
        }
        // The brightness detector ignores the overrides, so every variant scores alike: the macro means agree.
        assertEquals(report.macroSummary(Metric.IMAGE_AUROC).orElseThrow().mean(),
                report.macroSummary("clip-branch", Metric.IMAGE_AUROC).orElseThrow().mean(), 0);
        String html = Files.readString(temp.resolve("out/report.html"), StandardCharsets.UTF_8);
        assertTrue(html.contains("<h2>Ablations</h2>") && html.contains("<td>alpha=0.3</td>"), "ablation table");
        assertTrue(html.contains("Fusion balance"), "balance table");
        RunResult first = report.runs().get(0);
        assertEquals("CLIP_LANGUAGE", first.balance().get(0).role());
        assertEquals(1.0, first.balance().get(0).share(), 1e-12, "the only map is all of the fused map");
    }

    @Test
    void aFolderOfAnEvaluationWithOtherAblationsIsRefused() throws Exception {
        Path root = temp.resolve("data");
        TinyMvtec.write(root, "widget", 3, 2, 2, 1);
        new Evaluation(detector, categories, categories).run(plan(root, List.of()), new EvaluationListener() { });

        EvaluationException e = assertThrows(EvaluationException.class, () -> new Evaluation(detector, categories,
                categories).run(plan(root, List.of(new Ablation("raw-sum", Map.of("mapScaling", "raw")))),
                new EvaluationListener() { }));
        assertTrue(e.getMessage().contains("ablations"), e.getMessage());
    }

    @Test
    void theBalanceHoldsEachMapsRangesOnNormalAndAnomalousPixelsAndItsWeightedShare() {
        // A 4x4 image whose top-left 2x2 quadrant is anomalous; maps on a 2x2 grid, so grid cell (0,0) is the
        // quadrant. α = 0.25: the CLIP map weighs 0.25, the diffusion map 0.75.
        boolean[] mask = new boolean[16];
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 2; x++) {
                mask[y * 4 + x] = true;
            }
        }
        BalanceAccumulator balance = new BalanceAccumulator();
        balance.add(result(new float[] {0.9f, 0.2f, 0.1f, 0.3f}, new float[] {0.4f, 0.0f, 0.2f, 0.2f}), mask, 4, 4);
        balance.add(result(new float[] {0.2f, 0.2f, 0.2f, 0.2f}, new float[] {0.1f, 0.1f, 0.1f, 0.1f}), null, 4, 4);

        List<MapBalance> maps = balance.balance();

        MapBalance clip = maps.get(0);
        MapBalance diffusion = maps.get(1);
        assertEquals("CLIP_LANGUAGE", clip.role());
        assertEquals(0.1, clip.normalMin(), 1e-6);
        assertEquals((0.2 + 0.1 + 0.3 + 4 * 0.2) / 7, clip.normalMean(), 1e-6);
        assertEquals(0.3, clip.normalMax(), 1e-6);
        assertEquals(0.9, clip.anomalousMin(), 1e-6);
        assertEquals(0.9, clip.anomalousMax(), 1e-6);
        assertEquals(0.0, diffusion.normalMin(), 1e-6);
        assertEquals(0.4, diffusion.anomalousMean(), 1e-6);
        double clipMass = 0.25 * (1.5 + 0.8);
        double diffusionMass = 0.75 * (0.8 + 0.4);
        assertEquals(clipMass / (clipMass + diffusionMass), clip.share(), 1e-6);
        assertEquals(diffusionMass / (clipMass + diffusionMass), diffusion.share(), 1e-6);
    }

    private static DetectionResult result(float[] clip, float[] diffusion) {
        Map<MapRole, AnomalyMap> maps = Map.of(
                MapRole.CLIP_LANGUAGE, new AnomalyMap(2, 2, clip, MapRole.CLIP_LANGUAGE, "c"),
                MapRole.DIFFUSION_LANGUAGE, new AnomalyMap(2, 2, diffusion, MapRole.DIFFUSION_LANGUAGE, "d"));
        Provenance provenance = new Provenance("c", List.of(), List.of(), 0.25, 0.25, "weighted-sum", List.of(), 0,
                "test");
        return new DetectionResult("r", "", "i", Instant.now(), 0, new AnomalyMap(2, 2, clip, MapRole.FUSED, "f"),
                maps, Decision.UNDECIDED, Threshold.unset(), provenance);
    }

    private EvaluationPlan plan(Path root, List<Ablation> ablations) {
        return new EvaluationPlan(root, null, List.of(), 0, List.of(0L), temp.resolve("out"), "", 0, 2,
                PixelMetricsAccumulator.DEFAULT_BINS, ablations, "");
    }
}

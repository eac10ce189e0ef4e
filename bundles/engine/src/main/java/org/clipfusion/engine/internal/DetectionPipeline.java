package org.clipfusion.engine.internal;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.clipfusion.api.AnomalyMap;
import org.clipfusion.api.DetectionException;
import org.clipfusion.api.InspectionImage;
import org.clipfusion.api.MapRole;
import org.clipfusion.api.spi.FusionInput;
import org.clipfusion.tensor.image.GaussianBlur;

/**
 * The one path from an image to its score, shared by detection and threshold calibration so that a threshold is
 * always calibrated on exactly the scores it will judge: scorers (in parallel) → every map resampled to the
 * evaluation grid → fusion with α of segmentation → Gaussian smoothing → pixel map; fusion with α of classification
 * → smoothing → maximum → {@link ImageScore}.
 */
final class DetectionPipeline {
    private DetectionPipeline() {
    }

    static ScoredImage score(InspectionImage image, DetectionPlan plan, EngineRuntime runtime)
            throws DetectionException {
        List<ScorerResult> results = ParallelScoring.run(plan, image, runtime.scorerExecutor());
        EvaluationGrid grid = runtime.grid();
        Map<MapRole, AnomalyMap> maps = componentMaps(results, grid, image, plan);
        CategoryDefinition category = plan.definition();
        AnomalyMap segmentation = fuseAndSmooth(maps, category.alphaSegmentation(), grid, runtime.smoothing(), image,
                plan);
        AnomalyMap classification = category.alphaClassification() == category.alphaSegmentation() ? segmentation
                : fuseAndSmooth(maps, category.alphaClassification(), grid, runtime.smoothing(), image, plan);
        double imageScore = ImageScore.of(results, classification.max());
        if (Double.isNaN(imageScore)) {
            // A NaN would compare as "not above the threshold", i.e. silently NORMAL.
            throw new DetectionException("image '" + image.id() + "' (category '" + category.name()
                    + "'): the image score is not a number; a scorer produced NaN values");
        }
        Map<String, Long> scorerNanos = new HashMap<>();
        for (ScorerResult result : results) {
            if (result.nanos() >= 0) {
                scorerNanos.put(result.scorerId(), result.nanos());
            }
        }
        return new ScoredImage(imageScore, segmentation, maps, scorerNanos);
    }

    /** Every scorer's maps on the grid; two scorers may not claim the same role. */
    private static Map<MapRole, AnomalyMap> componentMaps(List<ScorerResult> results, EvaluationGrid grid,
                                                          InspectionImage image, DetectionPlan plan)
            throws DetectionException {
        Map<MapRole, AnomalyMap> maps = new EnumMap<>(MapRole.class);
        Map<MapRole, String> producers = new HashMap<>();
        for (ScorerResult result : results) {
            for (Map.Entry<MapRole, AnomalyMap> map : result.output().maps().entrySet()) {
                String earlier = producers.putIfAbsent(map.getKey(), result.scorerId());
                if (earlier != null) {
                    throw new DetectionException("category '" + plan.definition().name() + "': scorers '" + earlier
                            + "' and '" + result.scorerId() + "' both produce a " + map.getKey()
                            + " map; a category may run only one scorer per map role");
                }
                maps.put(map.getKey(), grid.resample(map.getValue()));
            }
        }
        if (maps.isEmpty()) {
            throw new DetectionException("image '" + image.id() + "' (category '" + plan.definition().name()
                    + "'): the scorers " + plan.scorerIds() + " produced no map");
        }
        return maps;
    }

    private static AnomalyMap fuseAndSmooth(Map<MapRole, AnomalyMap> maps, double alpha, EvaluationGrid grid,
                                            GaussianBlur smoothing, InspectionImage image, DetectionPlan plan)
            throws DetectionException {
        AnomalyMap fused;
        try {
            fused = plan.strategy().fuse(new FusionInput(maps, alpha, plan.fewShot()));
        } catch (RuntimeException e) {
            throw new DetectionException("fusion strategy '" + plan.strategyId() + "' failed on image '" + image.id()
                    + "' (category '" + plan.definition().name() + "'): " + e.getMessage(), e);
        }
        if (fused == null || fused.width() != grid.size() || fused.height() != grid.size()) {
            throw new DetectionException("fusion strategy '" + plan.strategyId() + "' returned "
                    + (fused == null ? "no map" : "a " + fused.width() + "x" + fused.height() + " map") + " for a "
                    + grid.size() + "x" + grid.size() + " input (image '" + image.id() + "')");
        }
        return EvaluationGrid.smooth(fused, smoothing);
    }
}

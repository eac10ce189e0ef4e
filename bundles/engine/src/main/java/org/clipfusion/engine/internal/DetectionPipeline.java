package org.clipfusion.engine.internal;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.clipfusion.api.AnomalyMap;
import org.clipfusion.api.DetectionException;
import org.clipfusion.api.InspectionImage;
import org.clipfusion.api.MapRole;
import org.clipfusion.api.spi.FusionInput;
import org.clipfusion.api.spi.ReferenceBank;
import org.clipfusion.tensor.image.GaussianBlur;

/**
 * The one path from an image to its score, shared by detection and threshold calibration so that a threshold is
 * always calibrated on exactly the scores it will judge: scorers (in parallel) → every map resampled to the
 * evaluation grid (only the roles the category fuses, scaled as it says, {@link MapScaling}) → fusion with α of
 * segmentation → Gaussian smoothing → pixel map; fusion with α of classification
 * → smoothing → maximum → {@link ImageScore}.
 */
final class DetectionPipeline {
    /** A reference maximum at or below this (a degenerate map) is not used as a divisor. */
    private static final double MIN_DIVISOR = 1e-12;

    private DetectionPipeline() {
    }

    static ScoredImage score(InspectionImage image, DetectionPlan plan, EngineRuntime runtime)
            throws DetectionException {
        List<ScorerResult> results = ParallelScoring.run(plan, image, runtime.scorerExecutor());
        EvaluationGrid grid = runtime.grid();
        Map<String, String> method = new TreeMap<>();
        Map<MapRole, AnomalyMap> maps = componentMaps(results, grid, image, plan, method);
        CategoryDefinition category = plan.definition();
        AnomalyMap segmentation = fuseAndSmooth(maps, category.alphaSegmentation(), grid, runtime.smoothing(), image,
                plan);
        AnomalyMap classification = category.alphaClassification() == category.alphaSegmentation() ? segmentation
                : fuseAndSmooth(maps, category.alphaClassification(), grid, runtime.smoothing(), image, plan);
        // A scorer whose maps are all left out of the fusion (an ablation) leaves its image score out too.
        List<ScorerResult> contributing = results.stream().filter(result -> result.output().maps().keySet().stream()
                .anyMatch(category::fuses)).toList();
        double imageScore = ImageScore.of(contributing, classification.max());
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
        return new ScoredImage(imageScore, segmentation, maps, method, scorerNanos);
    }

    /**
     * The maps the category fuses, on the grid, scaled as it says; two scorers may not claim the same role. Writes
     * the scaling (and each divisor) into {@code method}.
     */
    private static Map<MapRole, AnomalyMap> componentMaps(List<ScorerResult> results, EvaluationGrid grid,
                                                          InspectionImage image, DetectionPlan plan,
                                                          Map<String, String> method)
            throws DetectionException {
        CategoryDefinition category = plan.definition();
        method.put("fusion.mapScaling", category.mapScaling().configValue());
        if (!category.maps().isEmpty()) {
            method.put("fusion.maps", category.maps().toString());
        }
        Map<MapRole, AnomalyMap> maps = new EnumMap<>(MapRole.class);
        Map<MapRole, String> producers = new HashMap<>();
        for (ScorerResult result : results) {
            for (Map.Entry<MapRole, AnomalyMap> map : result.output().maps().entrySet()) {
                String earlier = producers.putIfAbsent(map.getKey(), result.scorerId());
                if (earlier != null) {
                    throw new DetectionException("category '" + category.name() + "': scorers '" + earlier
                            + "' and '" + result.scorerId() + "' both produce a " + map.getKey()
                            + " map; a category may run only one scorer per map role");
                }
                if (!category.fuses(map.getKey())) {
                    continue;
                }
                AnomalyMap resampled = grid.resample(map.getValue());
                String key = "fusion.scale." + map.getKey().name().toLowerCase(Locale.ROOT);
                double divisor = divisor(category, plan.banks().get(result.scorerId()), map.getKey());
                if (Double.isNaN(divisor)) {
                    method.put(key, "raw");
                    maps.put(map.getKey(), resampled);
                } else {
                    method.put(key, "/" + divisor);
                    maps.put(map.getKey(), divided(resampled, divisor));
                }
            }
        }
        if (maps.isEmpty()) {
            throw new DetectionException("image '" + image.id() + "' (category '" + category.name() + "'): the scorers "
                    + plan.scorerIds() + " produced no map" + (category.maps().isEmpty() ? ""
                    : " of the roles it fuses, " + category.maps()));
        }
        return maps;
    }

    /**
     * What a map is divided by: the bank's reference maximum for the role under {@link MapScaling#REFERENCE_MAX},
     * when there is a usable one; {@code NaN} (raw) otherwise.
     */
    private static double divisor(CategoryDefinition category, ReferenceBank bank, MapRole role) {
        if (category.mapScaling() != MapScaling.REFERENCE_MAX || bank == null) {
            return Double.NaN;
        }
        Double maximum = bank.referenceMaxima().get(role);
        return maximum != null && Double.isFinite(maximum) && maximum > MIN_DIVISOR ? maximum : Double.NaN;
    }

    private static AnomalyMap divided(AnomalyMap map, double divisor) {
        float[] values = map.values();
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (values[i] / divisor);
        }
        return new AnomalyMap(map.width(), map.height(), values, map.role(), map.source());
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

package org.clipfusion.engine.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.clipfusion.api.ModelInfo;

/**
 * Everything a calibrated threshold depends on, as one string stored with the fit. A threshold applies only while
 * the key of the detection at hand matches the key it was calibrated under: after a change of scorers, their models,
 * fusion strategy (a hot swap included), α of the image score, grid, smoothing or calibration settings, the old value
 * would judge a different score, so the category reports no threshold until it is refitted.
 *
 * <p>The key is {@code name=value} parts joined by {@code ;}. Parts added in later versions ({@link #LATER_PARTS})
 * are ignored when a stored key lacks them, so that an upgrade does not invalidate every existing calibration.
 */
final class CalibrationKey {
    static final String FUSION_STRATEGY = "fusionStrategy";
    private static final Set<String> LATER_PARTS = Set.of("models", "pixelThresholdMode",
            "pixelTargetFalsePositiveRate");

    private CalibrationKey() {
    }

    static String of(CategoryDefinition category, EngineSettings settings, List<String> scorerIds,
                     String fusionStrategyId, List<ModelInfo> models) {
        return "mode=" + category.thresholdMode().configValue()
                + ";targetFalsePositiveRate=" + category.targetFalsePositiveRate()
                + (category.normalImagesFolder() == null ? "" : ";normalImagesFolder=" + category.normalImagesFolder())
                + ";scorers=" + String.join(",", scorerIds)
                + ";" + FUSION_STRATEGY + "=" + fusionStrategyId
                + ";alphaClassification=" + category.alphaClassification()
                + ";mapScaling=" + category.mapScaling().configValue()
                + (category.maps().isEmpty() ? "" : ";maps=" + category.maps())
                + ";evaluationGrid=" + settings.evaluationGrid()
                + ";smoothingSigma=" + settings.smoothingSigma()
                + ";models=" + String.join(",", models.stream().map(CalibrationKey::modelPart).toList())
                + ";pixelThresholdMode=" + category.pixelThreshold().mode().configValue()
                + ";pixelTargetFalsePositiveRate=" + category.pixelThreshold().targetFalsePositiveRate();
    }

    /** Whether a threshold calibrated under {@code stored} applies to a detection planned with key {@code current}. */
    static boolean matches(String stored, String current) {
        Map<String, String> old = parts(stored);
        Map<String, String> now = parts(current);
        now.keySet().removeIf(name -> LATER_PARTS.contains(name) && !old.containsKey(name));
        return old.equals(now);
    }

    /** The fusion strategy a stored key was calibrated with. */
    static Optional<String> fusionStrategyOf(String key) {
        return Optional.ofNullable(parts(key).get(FUSION_STRATEGY)).filter(id -> !id.isEmpty());
    }

    /** The parts of {@code current} that differ from {@code stored}, for the log line that says why. */
    static String differences(String stored, String current) {
        Map<String, String> old = parts(stored);
        Map<String, String> now = parts(current);
        StringBuilder text = new StringBuilder();
        now.forEach((name, value) -> {
            if (old.containsKey(name) ? !old.get(name).equals(value) : !LATER_PARTS.contains(name)) {
                text.append(text.length() == 0 ? "" : ", ").append(name).append(" ")
                        .append(old.getOrDefault(name, "(none)")).append(" -> ").append(value);
            }
        });
        old.keySet().stream().filter(name -> !now.containsKey(name))
                .forEach(name -> text.append(text.length() == 0 ? "" : ", ").append(name).append(" removed"));
        return text.toString();
    }

    private static String modelPart(ModelInfo model) {
        String sha = model.sha256();
        return model.id() + "@" + (sha.length() > 12 ? sha.substring(0, 12) : sha);
    }

    private static Map<String, String> parts(String key) {
        Map<String, String> parts = new LinkedHashMap<>();
        if (key == null || key.isEmpty()) {
            return parts;
        }
        for (String part : key.split(";")) {
            int equals = part.indexOf('=');
            if (equals > 0) {
                parts.put(part.substring(0, equals), part.substring(equals + 1));
            }
        }
        return parts;
    }
}

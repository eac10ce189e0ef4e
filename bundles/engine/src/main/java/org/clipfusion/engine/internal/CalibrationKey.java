package org.clipfusion.engine.internal;

import java.util.List;

/**
 * Everything a calibrated threshold depends on, as one string stored with the fit. A threshold applies only while
 * the key of the detection at hand equals the key it was calibrated under: after a change of scorers, fusion
 * strategy (a hot swap included), α of the image score, grid, smoothing or calibration settings, the old value would
 * judge a different score, so the category reports no threshold until it is refitted.
 */
final class CalibrationKey {
    private CalibrationKey() {
    }

    static String of(CategoryDefinition category, EngineSettings settings, List<String> scorerIds,
                     String fusionStrategyId) {
        return "mode=" + category.thresholdMode().configValue()
                + ";targetFalsePositiveRate=" + category.targetFalsePositiveRate()
                + (category.normalImagesFolder() == null ? "" : ";normalImagesFolder=" + category.normalImagesFolder())
                + ";scorers=" + String.join(",", scorerIds)
                + ";fusionStrategy=" + fusionStrategyId
                + ";alphaClassification=" + category.alphaClassification()
                + ";mapScaling=" + category.mapScaling().configValue()
                + (category.maps().isEmpty() ? "" : ";maps=" + category.maps())
                + ";evaluationGrid=" + settings.evaluationGrid()
                + ";smoothingSigma=" + settings.smoothingSigma();
    }
}

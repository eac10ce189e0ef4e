package org.clipfusion.engine.internal;

import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Objects;
import org.clipfusion.api.MapRole;
import org.clipfusion.api.spi.CategoryContext;

/**
 * A category's configuration after checking: every value valid, defaults applied. Immutable.
 *
 * @param name                    the category's name (also a file name and an event topic segment)
 * @param objectName              the object's name in prompts
 * @param scorers                 scorer ids to run; empty = every registered scorer
 * @param fusionStrategy          strategy id; empty = the highest-ranked strategy
 * @param alphaSegmentation       α of the pixel map
 * @param alphaClassification     α of the image score
 * @param thresholdMode           how the threshold is set
 * @param fixedThreshold          the threshold of {@link ThresholdMode#VALUE}; NaN otherwise
 * @param targetFalsePositiveRate for the calibrated modes
 * @param normalImagesFolder      for {@link ThresholdMode#NORMAL_FOLDER_FPR}; null otherwise
 * @param seed                    recorded in provenance
 * @param deliverToSinks          whether its results go to the result sinks (off for trials and evaluations)
 * @param pixelThreshold          how the pixel threshold (masks) is set
 * @param mapScaling              how component maps are made comparable before fusion
 * @param maps                    the map roles fused; empty = every map the scorers give
 */
record CategoryDefinition(String name, String objectName, List<String> scorers, String fusionStrategy,
                          double alphaSegmentation, double alphaClassification, ThresholdMode thresholdMode,
                          double fixedThreshold, double targetFalsePositiveRate, Path normalImagesFolder, long seed,
                          boolean deliverToSinks, PixelThresholdSettings pixelThreshold, MapScaling mapScaling,
                          Set<MapRole> maps) {
    CategoryDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(objectName, "objectName");
        scorers = List.copyOf(scorers);
        Objects.requireNonNull(fusionStrategy, "fusionStrategy");
        Objects.requireNonNull(thresholdMode, "thresholdMode");
        Objects.requireNonNull(pixelThreshold, "pixelThreshold");
        Objects.requireNonNull(mapScaling, "mapScaling");
        maps = maps.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(maps));
    }

    /** Whether maps of {@code role} take part in the fusion. */
    boolean fuses(MapRole role) {
        return maps.isEmpty() || maps.contains(role);
    }

    /** What scorers are told about the category. No scorer-specific settings are configurable yet. */
    CategoryContext context() {
        return new CategoryContext(name, objectName, Map.of());
    }
}

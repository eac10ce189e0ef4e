package org.clipfusion.engine.internal;

import java.lang.reflect.Proxy;
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

    /**
     * A category of this name configured with nothing but {@link CategoryConfig}'s defaults, read by the same
     * {@link CategoryConfigReader} as every configuration.
     */
    static CategoryDefinition defaults(String name) throws InvalidCategoryException {
        CategoryConfig config = (CategoryConfig) Proxy.newProxyInstance(CategoryConfig.class.getClassLoader(),
                new Class<?>[] {CategoryConfig.class}, (proxy, method, args) -> method.getName().equals("name")
                        ? name : method.getDefaultValue());
        return CategoryConfigReader.read(config, Map.of());
    }

    /**
     * This category's scorers, fusion, α and map settings under another name and object, with no thresholds and no
     * sinks; {@code overrides} change {@code alphaSegmentation}, {@code alphaClassification}, {@code maps} or
     * {@code mapScaling} (an evaluation's ablation variant), read as a configuration would be.
     *
     * @throws InvalidCategoryException for an unknown key or a value the configuration would refuse
     */
    CategoryDefinition asTemporary(String newName, String newObjectName, long newSeed, Map<String, String> overrides)
            throws InvalidCategoryException {
        double segmentation = alphaSegmentation;
        double classification = alphaClassification;
        MapScaling scaling = mapScaling;
        Set<MapRole> fused = maps;
        for (Map.Entry<String, String> override : overrides.entrySet()) {
            String value = override.getValue().trim();
            switch (override.getKey()) {
                case "alphaSegmentation" -> segmentation = alpha(newName, override.getKey(), value);
                case "alphaClassification" -> classification = alpha(newName, override.getKey(), value);
                case "maps" -> fused = CategoryConfigReader.mapRoles(newName, new String[] {value});
                case "mapScaling" -> scaling = MapScaling.parse(value).orElseThrow(() -> new InvalidCategoryException(
                        newName, "mapScaling", "is '" + value + "'; expected one of " + MapScaling.allConfigValues()));
                default -> throw new InvalidCategoryException(newName, override.getKey(), "cannot be changed for a"
                        + " temporary category (alphaSegmentation, alphaClassification, maps, mapScaling can)");
            }
        }
        return new CategoryDefinition(newName, newObjectName, scorers, fusionStrategy, segmentation, classification,
                ThresholdMode.NONE, Double.NaN, targetFalsePositiveRate, null, newSeed, false,
                PixelThresholdSettings.NONE, scaling, fused);
    }

    private static double alpha(String category, String property, String value) throws InvalidCategoryException {
        try {
            double alpha = Double.parseDouble(value);
            if (alpha >= 0 && alpha <= 1) {
                return alpha;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidCategoryException(category, property, "must be a number in [0, 1], got '" + value + "'");
    }

    /** What scorers are told about the category. No scorer-specific settings are configurable yet. */
    CategoryContext context() {
        return new CategoryContext(name, objectName, Map.of());
    }
}

package org.clipfusion.engine.internal;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 */
record CategoryDefinition(String name, String objectName, List<String> scorers, String fusionStrategy,
                          double alphaSegmentation, double alphaClassification, ThresholdMode thresholdMode,
                          double fixedThreshold, double targetFalsePositiveRate, Path normalImagesFolder, long seed,
                          boolean deliverToSinks) {
    CategoryDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(objectName, "objectName");
        scorers = List.copyOf(scorers);
        Objects.requireNonNull(fusionStrategy, "fusionStrategy");
        Objects.requireNonNull(thresholdMode, "thresholdMode");
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

    /** This category's scorers, fusion and α under another name and object, with no threshold and no sinks. */
    CategoryDefinition asTemporary(String newName, String newObjectName, long newSeed) {
        return new CategoryDefinition(newName, newObjectName, scorers, fusionStrategy, alphaSegmentation,
                alphaClassification, ThresholdMode.NONE, Double.NaN, targetFalsePositiveRate, null, newSeed, false);
    }

    /** What scorers are told about the category. No scorer-specific settings are configurable yet. */
    CategoryContext context() {
        return new CategoryContext(name, objectName, Map.of());
    }
}

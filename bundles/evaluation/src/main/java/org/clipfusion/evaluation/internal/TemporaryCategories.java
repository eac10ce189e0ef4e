package org.clipfusion.evaluation.internal;

import java.util.Map;
import org.clipfusion.api.DetectionException;
import org.clipfusion.api.config.ObjectNames;
import org.clipfusion.engine.CategoryManager;

/**
 * Evaluation categories as the engine's temporary categories, named {@code eval.<category>}: the template category's
 * settings, the object name (the plan's, else the dataset category's, where VisA's table applies), no threshold
 * (metrics need none), the run's seed, and no delivery to the result sinks (benchmark images are not the line's
 * parts). They live in the engine's memory only, so a crash leaves no category behind in ConfigurationAdmin, and
 * closing one deletes its fit.
 */
final class TemporaryCategories implements EngineCategories {
    static final String PREFIX = "eval.";
    private static final ObjectNames OBJECT_NAMES = ObjectNames.visaAnd();

    private final CategoryManager categories;
    private final String template;
    private final String objectName;

    /** @param objectName the object's name in prompts for every category; empty: derived from each category */
    TemporaryCategories(CategoryManager categories, String template, String objectName) {
        this.categories = categories;
        this.template = template;
        this.objectName = objectName;
    }

    @Override
    public String prepare(String datasetCategory, long seed) {
        return prepare(datasetCategory, seed, Map.of());
    }

    /** The template's settings, then the ablation variant's {@code overrides}. */
    @Override
    public String prepare(String datasetCategory, long seed, Map<String, String> overrides) {
        String name = PREFIX + datasetCategory.replaceAll("[^A-Za-z0-9_.-]", "_");
        String object = objectName.isBlank() ? OBJECT_NAMES.objectName(datasetCategory, "") : objectName;
        try {
            categories.openTemporary(name, template, object, seed, overrides);
        } catch (DetectionException e) {
            throw new IllegalStateException("evaluation category " + name + ": " + e.getMessage(), e);
        }
        return name;
    }

    @Override
    public void release(String engineCategory) {
        try {
            categories.closeTemporary(engineCategory);
        } catch (DetectionException e) {
            throw new IllegalStateException("evaluation category " + engineCategory + " cannot be removed: "
                    + e.getMessage(), e);
        }
    }
}

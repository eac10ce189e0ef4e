package org.clipfusion.engine.internal;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.clipfusion.api.Detector;
import org.clipfusion.api.spi.FusionStrategy;
import org.clipfusion.api.spi.Scorer;
import org.clipfusion.engine.CategoryManager;
import org.clipfusion.testing.ConfigAnnotations;

/**
 * The real detection engine for tests of other bundles, driven as SCR would drive it (activated with a
 * configuration, services bound with their properties, categories offered by {@link CategoryComponent}s). Lives in
 * the engine's package only in test sources, to reach the package-private lifecycle methods.
 */
public final class EngineHarness implements AutoCloseable {
    private final DetectionEngine engine = new DetectionEngine();
    private final CategoryManagerComponent manager = new CategoryManagerComponent();
    private final Map<String, CategoryComponent> categories = new HashMap<>();
    private long nextServiceId = 1;

    public EngineHarness(Path dataDirectory, int evaluationGrid, double smoothingSigma) {
        engine.activate(null, ConfigAnnotations.of(EngineConfig.class, "dataDirectory", dataDirectory.toString(),
                "evaluationGrid", evaluationGrid, "smoothingSigma", smoothingSigma, "scorerThreads", 2));
        manager.setEngine(engine);
    }

    public Detector detector() {
        return engine;
    }

    public CategoryManager categoryManager() {
        return manager;
    }

    public void bind(Scorer scorer) {
        engine.bindScorer(scorer, Map.of("clipfusion.id", scorer.id(), "service.ranking", 0, "service.id",
                nextServiceId++));
    }

    public void bind(FusionStrategy strategy, int ranking) {
        engine.bindFusionStrategy(strategy, Map.of("clipfusion.id", strategy.id(), "service.ranking", ranking,
                "service.id", nextServiceId++));
    }

    /**
     * Offers (or replaces) a category; values may be given as text, as a configuration file has them, and are
     * converted to the member's type.
     */
    public void offer(String name, Map<String, ?> properties) {
        withdraw(name);
        Map<String, Object> typed = new HashMap<>();
        properties.forEach((key, value) -> typed.put(key, typed(key, value)));
        typed.put("name", name);
        CategoryComponent component = new CategoryComponent();
        component.setRegistry(engine);
        component.activate(ConfigAnnotations.of(CategoryConfig.class, typed), Map.of());
        categories.put(name, component);
    }

    public void withdraw(String name) {
        CategoryComponent component = categories.remove(name);
        if (component != null) {
            component.deactivate();
        }
    }

    private static Object typed(String key, Object value) {
        if (!(value instanceof String text)) {
            return value;
        }
        try {
            Method member = CategoryConfig.class.getMethod(key);
            Class<?> type = member.getReturnType();
            return type == double.class ? Double.parseDouble(text) : type == long.class ? Long.parseLong(text)
                    : type == boolean.class ? Boolean.parseBoolean(text) : type == int.class ? Integer.parseInt(text)
                    : text;
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("CategoryConfig has no member '" + key + "'", e);
        }
    }

    @Override
    public void close() {
        categories.keySet().stream().toList().forEach(this::withdraw);
        engine.deactivate();
    }
}

package org.clipfusion.engine.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.clipfusion.api.DetectionException;
import org.clipfusion.api.DetectionRequest;
import org.clipfusion.api.DetectionResult;
import org.clipfusion.api.InspectionImage;
import org.clipfusion.testing.ConfigAnnotations;

/**
 * A {@link DetectionEngine} driven as SCR would drive it: activated with a configuration, services bound with their
 * properties, categories offered by {@link CategoryComponent}s. Defaults: a 16x16 grid, sigma 1, two scorer threads,
 * images of any size.
 */
final class EngineFixture implements AutoCloseable {
    final DetectionEngine engine = new DetectionEngine();
    final CategoryManagerComponent manager = new CategoryManagerComponent();
    private long nextServiceId = 1;
    private int requests;

    EngineFixture(Path dataDirectory, Object... engineConfig) {
        List<Object> config = new ArrayList<>(List.of("dataDirectory", dataDirectory.toString(),
                "evaluationGrid", 16, "smoothingSigma", 1.0, "scorerThreads", 2, "minImageSide", 1,
                // A missing service fails at once unless a test is about waiting for it.
                "serviceWaitSeconds", 0));
        for (int i = 0; i < engineConfig.length; i += 2) {
            int existing = config.indexOf(engineConfig[i]);
            if (existing >= 0 && existing % 2 == 0) {
                config.set(existing + 1, engineConfig[i + 1]);
            } else {
                config.add(engineConfig[i]);
                config.add(engineConfig[i + 1]);
            }
        }
        engine.activate(null, ConfigAnnotations.of(EngineConfig.class, config.toArray()));
        manager.setEngine(engine);
    }

    <S extends TestScorer> S bind(S scorer) {
        return bind(scorer, 0);
    }

    <S extends TestScorer> S bind(S scorer, int ranking) {
        engine.bindScorer(scorer, scorer.properties(ranking, nextServiceId++));
        return scorer;
    }

    Map<String, Object> bind(TestStrategy strategy, int ranking) {
        Map<String, Object> properties = strategy.properties(ranking, nextServiceId++);
        engine.bindFusionStrategy(strategy, properties);
        return properties;
    }

    /** Offers a category configured with these {@link CategoryConfig} members. */
    CategoryComponent category(Object... keysAndValues) {
        CategoryComponent component = new CategoryComponent();
        component.setRegistry(engine);
        component.activate(ConfigAnnotations.of(CategoryConfig.class, keysAndValues), Map.of());
        return component;
    }

    DetectionResult detect(String category, InspectionImage image) throws DetectionException {
        return engine.detect(new DetectionRequest("request-" + (++requests), "part-1", category, image));
    }

    @Override
    public void close() {
        engine.deactivate();
    }
}

package org.clipfusion.engine.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.clipfusion.api.DetectionException;
import org.clipfusion.api.InspectionImage;
import org.clipfusion.engine.CategoryInfo;
import org.clipfusion.engine.CategoryManager;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Publishes {@link CategoryManager}, backed by the engine (see {@link CategoryAdministration} for why apart). */
@Component(service = CategoryManager.class)
public class CategoryManagerComponent implements CategoryManager {
    private CategoryAdministration engine;

    @Reference
    void setEngine(CategoryAdministration engine) {
        this.engine = engine;
    }

    @Override
    public List<CategoryInfo> categories() {
        return engine.categoryInfos();
    }

    @Override
    public Optional<CategoryInfo> category(String name) {
        return engine.categoryInfo(name);
    }

    @Override
    public CategoryInfo fit(String category, List<InspectionImage> references) throws DetectionException {
        return engine.fit(category, references);
    }

    @Override
    public void deleteFit(String category) throws DetectionException {
        engine.deleteFit(category);
    }

    @Override
    public Map<String, String> invalidCategories() {
        return engine.invalidCategories();
    }

    @Override
    public void openTemporary(String name, String template, String objectName, long seed,
                              Map<String, String> overrides) throws DetectionException {
        engine.openTemporary(name, template, objectName, seed, overrides);
    }

    @Override
    public void closeTemporary(String name) throws DetectionException {
        engine.closeTemporary(name);
    }
}

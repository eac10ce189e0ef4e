package org.clipfusion.evaluation.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.clipfusion.api.DetectionException;
import org.clipfusion.api.InspectionImage;
import org.clipfusion.api.Threshold;
import org.clipfusion.engine.CategoryInfo;
import org.clipfusion.engine.CategoryManager;

/** Engine categories and fits for tests: remembers what was prepared, fitted and released. */
final class RecordingCategories implements CategoryManager, EngineCategories {
    final List<String> prepared = new ArrayList<>();
    final List<String> released = new ArrayList<>();
    final List<List<String>> fits = new ArrayList<>();

    @Override
    public String prepare(String datasetCategory, long seed) {
        String name = "eval." + datasetCategory;
        prepared.add(name + "@" + seed);
        return name;
    }

    /** Overrides of each prepared ablation variant, in order ({@code {}} for the template). */
    final List<Map<String, String>> overrides = new ArrayList<>();

    @Override
    public String prepare(String datasetCategory, long seed, Map<String, String> variant) {
        overrides.add(variant);
        return prepare(datasetCategory, seed);
    }

    @Override
    public void release(String engineCategory) {
        released.add(engineCategory);
    }

    @Override
    public List<CategoryInfo> categories() {
        return List.of();
    }

    @Override
    public Optional<CategoryInfo> category(String name) {
        return Optional.empty();
    }

    @Override
    public synchronized CategoryInfo fit(String category, List<InspectionImage> references)
            throws DetectionException {
        fits.add(references.stream().map(InspectionImage::id).toList());
        return new CategoryInfo(category, category, List.of(), "", 0.5, 0.5, Threshold.unset(),
                references.stream().map(InspectionImage::id).toList());
    }

    final List<String> opened = new ArrayList<>();

    @Override
    public void deleteFit(String category) {
        throw new UnsupportedOperationException("an evaluation deletes fits by closing its temporary categories");
    }

    @Override
    public java.util.Map<String, String> invalidCategories() {
        return java.util.Map.of();
    }

    @Override
    public void openTemporary(String name, String template, String objectName, long seed,
                              java.util.Map<String, String> overrides) {
        opened.add(name + "|" + template + "|" + objectName + "|" + seed + (overrides.isEmpty() ? "" : "|" + overrides));
    }

    @Override
    public void closeTemporary(String name) {
        released.add(name);
    }
}

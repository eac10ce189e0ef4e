package org.clipfusion.engine.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.clipfusion.api.DetectionException;
import org.clipfusion.api.InspectionImage;
import org.clipfusion.engine.CategoryInfo;

/**
 * The engine's side of {@link org.clipfusion.engine.CategoryManager}, an internal service. It exists because one
 * object cannot implement both {@code Detector} and {@code CategoryManager}: both declare {@code categories()} with
 * different return types. {@link CategoryManagerComponent} publishes {@code CategoryManager} and delegates here.
 */
public interface CategoryAdministration {

    List<CategoryInfo> categoryInfos();

    Optional<CategoryInfo> categoryInfo(String name);

    CategoryInfo fit(String category, List<InspectionImage> references) throws DetectionException;

    void deleteFit(String category) throws DetectionException;

    Map<String, String> invalidCategories();

    void openTemporary(String name, String template, String objectName, long seed, Map<String, String> overrides)
            throws DetectionException;

    void closeTemporary(String name) throws DetectionException;
}

package org.clipfusion.engine;

import java.util.List;
import java.util.Optional;
import org.clipfusion.api.DetectionException;
import org.clipfusion.api.InspectionImage;
import org.osgi.annotation.versioning.ProviderType;

/** The categories the engine knows, and few-shot fitting. Thread-safe. */
@ProviderType
public interface CategoryManager {

    List<CategoryInfo> categories();

    Optional<CategoryInfo> category(String name);

    /**
     * Builds the category's memory banks from k normal reference images with every scorer it runs that supports
     * references, persists them (a restart does not refit) and, where the category asks for it, derives its
     * threshold from the references. Replaces an earlier fit only when the whole fit succeeded.
     *
     * <p>With no references the fit is zero-shot: it drops the banks of an earlier fit and, for a category whose
     * threshold comes from a folder of normal images, calibrates that threshold. Fits of one category run one at a
     * time; detections running meanwhile keep the banks and threshold they started with.
     *
     * @throws DetectionException naming the category, scorer or image that failed
     */
    CategoryInfo fit(String category, List<InspectionImage> references) throws DetectionException;
}

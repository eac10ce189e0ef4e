package org.clipfusion.engine;

import java.util.List;
import java.util.Map;
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

    /**
     * Deletes the category's persisted fit (its banks and record) from disk. A category on offer becomes zero-shot
     * with no derived threshold; a name that is not on offer (a category already removed) only loses its files.
     * For removing a category for good, and for temporary categories, whose fits must not outlive them.
     *
     * @throws DetectionException when the files cannot be deleted, naming the folder
     */
    void deleteFit(String category) throws DetectionException;

    /**
     * Category configurations that are not applied because a value is wrong, by the category's name (or, when the
     * name is what is missing, the configuration's PID), each with its one-line error: listed beside the categories,
     * so a bad configuration is visible where categories are looked at, not only in the log.
     */
    Map<String, String> invalidCategories();

    /**
     * Offers a temporary category, e.g. for an evaluation: held in memory only (never in ConfigurationAdmin, so it
     * neither survives a crash nor shows among the line's configured categories after one), with the template's
     * scorers, fusion strategy and α, no threshold, the given seed, and no delivery to the result sinks. A fit left
     * under the name by an earlier crash is deleted first. Close it with {@link #closeTemporary}.
     *
     * @param template   the category whose settings it copies; empty: the defaults
     * @param objectName the object's name in prompts; empty: the name's rule ({@code _} as space)
     * @throws DetectionException when the name is invalid or taken by a configured category, or the template is
     *                            unknown
     */
    default void openTemporary(String name, String template, String objectName, long seed)
            throws DetectionException {
        openTemporary(name, template, objectName, seed, Map.of());
    }

    /**
     * As {@link #openTemporary(String, String, String, long)}, with some of the template's settings changed (an
     * evaluation's ablation variant): {@code alphaSegmentation}, {@code alphaClassification}, {@code maps},
     * {@code mapScaling}, written as in a category's configuration.
     *
     * @throws DetectionException also for an override key or value a configuration would refuse
     */
    void openTemporary(String name, String template, String objectName, long seed, Map<String, String> overrides)
            throws DetectionException;

    /** Withdraws a category made by {@link #openTemporary} and deletes its fit; nothing for another name. */
    void closeTemporary(String name) throws DetectionException;
}

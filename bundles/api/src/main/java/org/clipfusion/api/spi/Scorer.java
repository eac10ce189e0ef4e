package org.clipfusion.api.spi;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import org.clipfusion.api.InspectionImage;
import org.clipfusion.api.MapRole;
import org.clipfusion.api.ModelInfo;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Turns an image into anomaly maps (PatchCLIP, MapDiff, or a plant's own model). Implementations are thread-safe and
 * keep no per-category state of their own: few-shot knowledge lives in the {@link ReferenceBank} they return.
 */
@ConsumerType
public interface Scorer {

    /** Stable id, also published as the {@value ServiceProperties#ID} service property. */
    String id();

    /** The weights this scorer runs on, for provenance and {@code clipfusion:models}. */
    List<ModelInfo> models();

    /**
     * Scores one image.
     *
     * @param bank the category's memory bank from {@link #fit}, or {@code null} in zero-shot
     */
    ScorerOutput score(InspectionImage image, CategoryContext context, ReferenceBank bank) throws ScorerException;

    /**
     * The text prompts this scorer uses for a category, for provenance; empty for scorers without prompts.
     *
     * @since 1.1
     */
    default List<String> prompts(CategoryContext context) {
        return List.of();
    }

    /**
     * Keeps this scorer's model open until the lease is closed. Empty when the model has been taken out of service
     * (it was replaced or its component stopped): the caller then asks for the scorer registered now.
     *
     * @since 1.5
     */
    default Optional<ScorerLease> acquire() {
        return Optional.of(() -> {
        });
    }

    /**
     * The method choices behind this scorer's maps (aggregation, scaling, prompts of the features...), as
     * {@code key → value} pairs for every result's provenance; empty for scorers without such choices.
     *
     * @since 1.5
     */
    default Map<String, String> methodSettings() {
        return Map.of();
    }

    /**
     * The roles of the maps this scorer can produce, so that a category fusing none of them (an ablation) does not
     * run it; empty = not declared (it always runs).
     *
     * @since 1.5
     */
    default Set<MapRole> mapRoles() {
        return Set.of();
    }

    /** Whether {@link #fit} is supported (few-shot). */
    boolean supportsReferences();

    /** Builds a memory bank from k normal reference images of the category. */
    ReferenceBank fit(CategoryContext context, List<InspectionImage> references) throws ScorerException;

    /** Reads back a bank written by {@link ReferenceBank#writeTo}. */
    ReferenceBank readBank(InputStream in) throws IOException;
}

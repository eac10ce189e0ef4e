package org.clipfusion.api.spi;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.clipfusion.api.InspectionImage;
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

    /** Whether {@link #fit} is supported (few-shot). */
    boolean supportsReferences();

    /** Builds a memory bank from k normal reference images of the category. */
    ReferenceBank fit(CategoryContext context, List<InspectionImage> references) throws ScorerException;

    /** Reads back a bank written by {@link ReferenceBank#writeTo}. */
    ReferenceBank readBank(InputStream in) throws IOException;
}

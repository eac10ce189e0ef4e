package org.clipfusion.api;

import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The plant-facing service: inspect an image under a configured category. Thread-safe; calls may run concurrently.
 * The same preprocessing and post-processing path serves the shell, this API and the evaluation, so results never
 * differ between them.
 */
@ProviderType
public interface Detector {

    /**
     * @throws DetectionException if the category is unknown, a scorer it needs is missing, or the image cannot be
     *                            processed; the message names the cause
     */
    DetectionResult detect(DetectionRequest request) throws DetectionException;

    /** The names of the configured categories. */
    Set<String> categories();
}

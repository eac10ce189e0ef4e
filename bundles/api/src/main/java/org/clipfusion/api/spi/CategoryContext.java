package org.clipfusion.api.spi;

import java.util.Map;
import java.util.Objects;

/**
 * What a scorer knows about the category an image is inspected under.
 *
 * @param category   the category's name, e.g. {@code metal_nut}
 * @param objectName the object's name in prompts, e.g. {@code metal nut}
 * @param settings   scorer-specific overrides from the category's configuration (prompts, layers...)
 */
public record CategoryContext(String category, String objectName, Map<String, String> settings) {
    public CategoryContext {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(objectName, "objectName");
        settings = Map.copyOf(settings == null ? Map.of() : settings);
    }
}

package org.clipfusion.api;

import java.util.Objects;

/**
 * Identifies the exact weights behind a result.
 *
 * @param id     the model's name, e.g. {@code open_clip/ViT-B-16-plus-240/laion400m_e31}
 * @param file   the weights file as loaded
 * @param sha256 hex SHA-256 of that file
 */
public record ModelInfo(String id, String file, String sha256) {
    public ModelInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(sha256, "sha256");
    }
}

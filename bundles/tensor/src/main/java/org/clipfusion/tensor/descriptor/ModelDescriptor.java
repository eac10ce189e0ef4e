package org.clipfusion.tensor.descriptor;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A supported model, as a {@code models/*.json} file describes it.
 *
 * @param id short name, e.g. {@code sd15}; {@code models/fetch <id>} fetches it
 * @param name human-readable name
 * @param architecture the {@code clipfusion:model-verify} architecture id of the directory
 * @param directory the directory name models/fetch creates
 * @param license the weights' licence, to be accepted before downloading
 * @param files every file of the directory
 * @param manifests expected tensor manifests (names, shapes, dtypes of the full-size model), by part, relative to
 *     the descriptor
 */
public record ModelDescriptor(String id, String name, String architecture, String directory, String license,
                              List<ModelFile> files, Map<String, String> manifests) {
    public ModelDescriptor {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(directory, "directory");
        files = List.copyOf(files);
        manifests = Map.copyOf(manifests);
    }
}

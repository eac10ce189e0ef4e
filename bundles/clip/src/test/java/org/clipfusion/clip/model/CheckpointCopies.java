package org.clipfusion.clip.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.clipfusion.tensor.DType;
import org.clipfusion.tensor.SafetensorsFile;
import org.clipfusion.tensor.SafetensorsWriter;
import org.clipfusion.tensor.TensorInfo;

/** Writes altered copies of a fixture checkpoint (other dtype, renamed / dropped / reshaped keys) for tests. */
final class CheckpointCopies {
    private CheckpointCopies() {
    }

    /** Every tensor of {@code source} stored as {@code dtype} in {@code target}. */
    static Path convert(Path source, Path target, DType dtype) throws IOException {
        return alter(source, target, dtype, UnaryOperator.identity(), Map.of());
    }

    /**
     * A copy of {@code source} in {@code target}: tensors stored as {@code dtype}, keys passed through {@code rename}
     * (which drops a tensor by returning {@code null}), and the tensors named in {@code reshaped} (by original key)
     * given another shape with the same element count.
     */
    static Path alter(Path source, Path target, DType dtype, UnaryOperator<String> rename,
            Map<String, long[]> reshaped) throws IOException {
        SafetensorsWriter writer = new SafetensorsWriter();
        try (SafetensorsFile checkpoint = SafetensorsFile.open(source)) {
            for (TensorInfo info : checkpoint.tensors().values()) {
                String key = rename.apply(info.name());
                if (key != null) {
                    writer.addFloats(key, dtype, reshaped.getOrDefault(info.name(), info.shape()),
                            checkpoint.readFloats(info.name()));
                }
            }
        }
        writer.writeTo(target);
        return target;
    }

    /** A model directory in {@code directory}: the fixture's config next to {@code weights} as model.safetensors. */
    static Path modelDirectory(Path fixture, Path directory, DType dtype) throws IOException {
        Files.createDirectories(directory);
        Files.copy(fixture.resolve("config.json"), directory.resolve("config.json"));
        convert(fixture.resolve("model.safetensors"), directory.resolve("model.safetensors"), dtype);
        return directory;
    }
}

package org.clipfusion.diffusion;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.clipfusion.tensor.DType;
import org.clipfusion.tensor.SafetensorsFile;
import org.clipfusion.tensor.SafetensorsWriter;
import org.clipfusion.tensor.TensorInfo;

/** Writes doctored copies of a fixture checkpoint (renamed, dropped, reshaped or added keys) for loader tests. */
public final class CheckpointCopies {
    private CheckpointCopies() {
    }

    /**
     * A copy of {@code source} in {@code target}, float tensors stored as F32: keys passed through {@code rename}
     * (which drops a tensor by returning {@code null}), the tensors named in {@code reshaped} (by original key)
     * given another shape of the same element count, and {@code extraLongs} (key → I64 values, shape {@code [1,
     * n]}) added.
     */
    public static Path alter(Path source, Path target, UnaryOperator<String> rename, Map<String, long[]> reshaped,
            Map<String, long[]> extraLongs) throws IOException {
        SafetensorsWriter writer = new SafetensorsWriter();
        try (SafetensorsFile checkpoint = SafetensorsFile.open(source)) {
            for (TensorInfo info : checkpoint.tensors().values()) {
                String key = rename.apply(info.name());
                if (key != null) {
                    writer.addFloats(key, DType.F32, reshaped.getOrDefault(info.name(), info.shape()),
                            checkpoint.readFloats(info.name()));
                }
            }
        }
        extraLongs.forEach((key, values) -> writer.addLongs(key, new long[] {1, values.length}, values));
        writer.writeTo(target);
        return target;
    }
}

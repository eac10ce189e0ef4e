package org.clipfusion.diffusion.architecture.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.clipfusion.diffusion.internal.ConfigJson;

/** Telling the parts of a diffusers pipeline apart by their {@code config.json}. */
final class DiffusersConfig {
    static final String FILE_NAME = "config.json";

    private DiffusersConfig() {
    }

    /** Whether {@code directory/config.json} is a diffusers config of class {@code className}. */
    static boolean hasClassName(Path directory, String className) {
        return field(directory, "_class_name").equals(className);
    }

    /**
     * Whether {@code directory/config.json} is a transformers config of {@code modelType} or listing {@code
     * architecture}.
     */
    static boolean isTransformersModel(Path directory, String modelType, String architecture) {
        if (field(directory, "model_type").equals(modelType)) {
            return true;
        }
        try {
            return read(directory).optionalStringList("architectures", List.of()).contains(architecture);
        } catch (IOException e) {
            return false;
        }
    }

    private static String field(Path directory, String name) {
        try {
            return read(directory).optionalString(name, "");
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static ConfigJson read(Path directory) throws IOException {
        Path file = directory.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new IOException("no " + file);
        }
        return ConfigJson.read(file, "config");
    }
}

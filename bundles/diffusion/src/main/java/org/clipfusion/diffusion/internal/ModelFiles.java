package org.clipfusion.diffusion.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.clipfusion.model.ModelLoadException;

/** Finding a model's files in its diffusers / transformers subfolder. */
public final class ModelFiles {
    private ModelFiles() {
    }

    /**
     * The first of {@code names} that is a file in {@code directory}.
     *
     * @param what what the file holds, for the error message (e.g. "VAE weights")
     * @throws ModelLoadException naming the directory and every name tried when none exists
     */
    public static Path firstExisting(Path directory, List<String> names, String what) throws ModelLoadException {
        for (String name : names) {
            Path candidate = directory.resolve(name);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new ModelLoadException(directory.toString(), "no " + what + ": none of " + names + " exists");
    }
}

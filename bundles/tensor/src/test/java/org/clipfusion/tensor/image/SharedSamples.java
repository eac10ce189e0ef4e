package org.clipfusion.tensor.image;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the project's {@code shared/} directory (sample data that is not in the repository): the system property
 * {@code clipfusion.shared} if it names a directory, else the first ancestor of the working directory that has
 * {@code shared/samples}. (The parent POM always sets the property, relative to the Maven root, which is wrong for a
 * module built outside the tree; hence the fallback.)
 */
final class SharedSamples {
    private SharedSamples() {
    }

    static Optional<Path> sharedDirectory() {
        String configured = System.getProperty("clipfusion.shared");
        if (configured != null && !configured.isBlank() && Files.isDirectory(Path.of(configured))) {
            return Optional.of(Path.of(configured));
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("shared").resolve("samples"))) {
                return Optional.of(dir.resolve("shared"));
            }
        }
        return Optional.empty();
    }
}

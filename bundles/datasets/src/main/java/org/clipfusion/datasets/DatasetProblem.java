package org.clipfusion.datasets;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Something a reader skipped while the rest of the category was read, e.g. an anomalous image without its mask or a
 * csv row it could not understand.
 *
 * @param file    the file the problem is about (the image, or the csv file for a bad row)
 * @param message what is wrong, e.g. {@code "line 12: unknown label 'bad'"}
 */
public record DatasetProblem(Path file, String message) {
    public DatasetProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return file + ": " + message;
    }
}

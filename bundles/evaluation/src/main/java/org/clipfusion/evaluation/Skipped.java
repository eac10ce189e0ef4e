package org.clipfusion.evaluation;

import java.util.Objects;

/**
 * An image (or reference) left out of a run, and why.
 *
 * @param file    the file, as the dataset names it
 * @param message the problem
 */
public record Skipped(String file, String message) {
    public Skipped {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
    }
}

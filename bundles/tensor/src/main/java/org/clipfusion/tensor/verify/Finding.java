package org.clipfusion.tensor.verify;

import java.util.Objects;

/**
 * One difference between a model directory and what its architecture expects.
 *
 * @param file the file concerned, relative to the model directory
 * @param key the tensor concerned, or {@code null} for the file as a whole
 * @param detail what exactly differs (expected vs found)
 */
public record Finding(Kind kind, String file, String key, String detail) {
    /** The kinds of difference, in the order a report lists them. */
    public enum Kind {
        MISSING_FILE("missing file"),
        UNREADABLE_FILE("unreadable or truncated file"),
        CHECKSUM_MISMATCH("checksum mismatch"),
        MISSING_KEY("missing key"),
        UNEXPECTED_KEY("unexpected key"),
        WRONG_SHAPE("wrong shape"),
        WRONG_DTYPE("wrong dtype");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public Finding {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(detail, "detail");
    }

    /** One line: {@code wrong shape: unet/x.safetensors: conv_in.weight: expected [320, 4, 3, 3], found ...}. */
    @Override
    public String toString() {
        return kind.label() + ": " + file + (key == null ? "" : ": " + key) + (detail.isEmpty() ? "" : ": " + detail);
    }
}

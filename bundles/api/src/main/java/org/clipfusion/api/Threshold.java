package org.clipfusion.api;

import java.util.Objects;

/**
 * The image-score threshold in force for a result, and how it was set, so that a plant can audit every decision.
 *
 * @param value  scores strictly above it are anomalous; {@code NaN} when {@link ThresholdSource#UNSET}
 * @param source how the value was obtained
 * @param detail human-readable specifics, e.g. {@code "target FPR 0.01 over 4 references"}
 */
public record Threshold(double value, ThresholdSource source, String detail) {
    public Threshold {
        Objects.requireNonNull(source, "source");
        detail = detail == null ? "" : detail;
        if (source == ThresholdSource.UNSET) {
            value = Double.NaN;
        } else if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("threshold from " + source + " must be a finite number, got " + value);
        }
    }

    public static Threshold unset() {
        return new Threshold(Double.NaN, ThresholdSource.UNSET, "");
    }

    public Decision decide(double score) {
        if (source == ThresholdSource.UNSET) {
            return Decision.UNDECIDED;
        }
        return score > value ? Decision.ANOMALOUS : Decision.NORMAL;
    }
}

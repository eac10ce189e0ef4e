package org.clipfusion.engine.internal;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** How a category's decision threshold is set (the {@code thresholdMode} property). */
enum ThresholdMode {
    /** No threshold: decisions are UNDECIDED, only the raw score counts. */
    NONE("none"),
    /** The configured {@code threshold} value. */
    VALUE("value"),
    /** A target false-positive rate, leave-one-out over the fitted references. */
    REFERENCES_FPR("references-fpr"),
    /** A target false-positive rate over a folder of known-normal images. */
    NORMAL_FOLDER_FPR("normal-folder-fpr");

    private final String configValue;

    ThresholdMode(String configValue) {
        this.configValue = configValue;
    }

    String configValue() {
        return configValue;
    }

    /** Whether the threshold is derived by scoring normal images during a fit. */
    boolean calibrated() {
        return this == REFERENCES_FPR || this == NORMAL_FOLDER_FPR;
    }

    static Optional<ThresholdMode> parse(String value) {
        String trimmed = value == null ? "" : value.trim();
        return Arrays.stream(values()).filter(mode -> mode.configValue.equalsIgnoreCase(trimmed)).findFirst();
    }

    static String allConfigValues() {
        return Arrays.stream(values()).map(ThresholdMode::configValue).collect(Collectors.joining(", "));
    }
}

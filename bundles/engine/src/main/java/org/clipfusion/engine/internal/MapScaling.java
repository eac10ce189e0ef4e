package org.clipfusion.engine.internal;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How a category makes its component maps comparable before fusion (the {@code mapScaling} property). Each branch's
 * maps have their own range (anomaly probabilities, attention shares, half cosine distances), and the paper's
 * weighted sum adds them as they are.
 */
enum MapScaling {
    /**
     * In few-shot, each map divided by the largest value the scorer saw on its own references (the bank's
     * {@code referenceMaxima}, a memory-bank map's computed leave-one-out): 1.0 = as unusual as the most unusual
     * normal reference. Maps without such a statistic (zero-shot, a vision map from one reference) stay raw.
     */
    REFERENCE_MAX("reference-max"),
    /** The paper's raw sum: the maps as the scorers made them. */
    RAW("raw");

    private final String configValue;

    MapScaling(String configValue) {
        this.configValue = configValue;
    }

    String configValue() {
        return configValue;
    }

    static Optional<MapScaling> parse(String value) {
        String trimmed = value == null ? "" : value.trim();
        return Arrays.stream(values()).filter(mode -> mode.configValue.equalsIgnoreCase(trimmed)).findFirst();
    }

    static String allConfigValues() {
        return Arrays.stream(values()).map(MapScaling::configValue).collect(Collectors.joining(", "));
    }
}

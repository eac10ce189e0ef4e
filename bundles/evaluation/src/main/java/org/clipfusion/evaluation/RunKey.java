package org.clipfusion.evaluation;

import java.util.Objects;

/**
 * One run of the protocol: a dataset category under one seed (the seed draws the k references).
 *
 * @param category the dataset's category name, e.g. {@code hazelnut}
 * @param seed     the sampling seed
 */
public record RunKey(String category, long seed) {
    public RunKey {
        Objects.requireNonNull(category, "category");
    }

    @Override
    public String toString() {
        return category + " (seed " + seed + ")";
    }
}

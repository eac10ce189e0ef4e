package org.clipfusion.evaluation.internal;

import java.util.Map;

/**
 * The engine categories an evaluation inspects under. An evaluation never fits or re-thresholds a category the
 * line uses: each dataset category gets a category of its own, made from the plan's template.
 */
interface EngineCategories {

    /**
     * Creates (or resets) the engine category for a dataset category and waits until the engine applies it.
     *
     * @return the engine category's name
     * @throws IllegalStateException when the engine does not pick it up in time, or the template does not exist
     */
    String prepare(String datasetCategory, long seed) throws InterruptedException;

    /**
     * As {@link #prepare(String, long)}, with some category properties changed (an ablation variant). The default
     * refuses overrides it cannot apply.
     */
    default String prepare(String datasetCategory, long seed, Map<String, String> overrides)
            throws InterruptedException {
        if (!overrides.isEmpty()) {
            throw new IllegalStateException("these evaluation categories cannot be changed for an ablation");
        }
        return prepare(datasetCategory, seed);
    }

    /** Removes a category made by {@link #prepare}, and waits until the engine has let go of it. */
    void release(String engineCategory) throws InterruptedException;
}

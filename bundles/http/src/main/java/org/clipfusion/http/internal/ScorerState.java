package org.clipfusion.http.internal;

import java.util.List;

import org.clipfusion.api.ModelInfo;

/**
 * A scorer as the API reports it.
 *
 * @param id                 its {@code clipfusion.id}
 * @param state              {@code LOADED} (registered, models in memory) or {@code NOT_LOADED} (configured, not
 *                           registered: its model is loading or failed to load)
 * @param detail             why, for {@code NOT_LOADED}
 * @param ranking            its service ranking
 * @param supportsReferences whether it can be fitted (few-shot)
 * @param models             the weights it runs
 */
record ScorerState(String id, String state, String detail, int ranking, boolean supportsReferences,
                   List<ModelInfo> models) {
}

package org.clipfusion.engine.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says, once, when a category loses its calibrated thresholds: a change of strategy, scorer, model or settings that
 * voids a calibration turns the category's decisions into UNDECIDED, which a line must not discover from its results.
 * One WARN per category and loss; back to valid (a refit, the old service back) re-arms it.
 */
final class ThresholdWatch {
    private static final Logger LOG = LoggerFactory.getLogger(ThresholdWatch.class);

    /** The reason last reported, by category; guarded by {@code this}. */
    private final Map<String, String> reported = new HashMap<>();

    /**
     * @param categories   every category now
     * @param invalidation why a category's calibration does not apply now; empty when it does or it has none
     */
    synchronized void review(List<CategoryState> categories, Function<CategoryState, String> invalidation) {
        for (CategoryState category : categories) {
            String why = invalidation.apply(category);
            if (why.isEmpty()) {
                reported.remove(category.name());
            } else if (!reported.containsKey(category.name())) {
                reported.put(category.name(), why);
                LOG.warn("category '{}' has no valid threshold any more: {}. Its decisions are UNDECIDED and its"
                        + " results get no mask until it is refitted (clipfusion:fit {} ...)", category.name(), why,
                        category.name());
            }
        }
        Set<String> names = categories.stream().map(CategoryState::name).collect(Collectors.toSet());
        reported.keySet().retainAll(names);
    }
}

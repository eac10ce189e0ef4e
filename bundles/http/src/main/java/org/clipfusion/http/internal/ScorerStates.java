package org.clipfusion.http.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.clipfusion.api.spi.Scorer;
import org.clipfusion.api.spi.ScorerStatus;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Scorer load states: a registered scorer is {@code LOADED} (it serves; the detail says what, and what is loading
 * beside it during a swap); a scorer whose component publishes a {@link ScorerStatus} but has no scorer registered
 * is {@code LOADING} or {@code FAILED} with the reason; a model configuration
 * ({@code etc/org.clipfusion.clip.patchclip.cfg}, {@code ...diffusion.mapdiff.cfg}) with neither is
 * {@code NOT_LOADED} (its component has not started).
 */
final class ScorerStates {
    /** The model configurations of the bundled scorers, by scorer id. */
    private static final Map<String, String> MODEL_PIDS = Map.of(
            "patchclip", "org.clipfusion.clip.patchclip",
            "mapdiff", "org.clipfusion.diffusion.mapdiff");

    private ScorerStates() {
    }

    static List<ScorerState> current(BundleContext context, ConfigurationAdmin configurationAdmin)
            throws InvalidSyntaxException, IOException {
        List<ScorerState> states = new ArrayList<>();
        Set<String> registered = new TreeSet<>();
        for (ServiceReference<Scorer> reference : context.getServiceReferences(Scorer.class, null)) {
            Scorer scorer = context.getService(reference);
            if (scorer == null) {
                continue;
            }
            try {
                Object ranking = reference.getProperty("service.ranking");
                states.add(new ScorerState(scorer.id(), "LOADED", "", ranking instanceof Integer r ? r : 0,
                        scorer.supportsReferences(), scorer.models()));
                registered.add(scorer.id());
            } finally {
                context.ungetService(reference);
            }
        }
        Map<String, ScorerStatus> statuses = statuses(context);
        states.replaceAll(state -> statuses.containsKey(state.id()) ? new ScorerState(state.id(), state.state(),
                statuses.get(state.id()).detail(), state.ranking(), state.supportsReferences(), state.models())
                : state);
        for (ScorerStatus status : statuses.values()) {
            if (registered.add(status.scorerId())) {
                states.add(new ScorerState(status.scorerId(), status.state() == ScorerStatus.State.FAILED ? "FAILED"
                        : "LOADING", status.detail(), 0, false, List.of()));
            }
        }
        for (Map.Entry<String, String> model : MODEL_PIDS.entrySet()) {
            if (registered.contains(model.getKey())) {
                continue;
            }
            Configuration[] configurations = configurationAdmin.listConfigurations("(service.pid="
                    + model.getValue() + ")");
            if (configurations != null && configurations.length > 0) {
                states.add(new ScorerState(model.getKey(), "NOT_LOADED", "etc/" + model.getValue() + ".cfg is "
                        + "present but no scorer is registered: the model is loading or failed to load (see the log)",
                        0, false, List.of()));
            }
        }
        states.sort(java.util.Comparator.comparing(ScorerState::id));
        return states;
    }

    /** Each scorer component's published status, by scorer id. */
    private static Map<String, ScorerStatus> statuses(BundleContext context) throws InvalidSyntaxException {
        Map<String, ScorerStatus> statuses = new TreeMap<>();
        for (ServiceReference<ScorerStatus> reference : context.getServiceReferences(ScorerStatus.class, null)) {
            ScorerStatus status = context.getService(reference);
            if (status != null) {
                try {
                    statuses.put(status.scorerId(), status);
                } finally {
                    context.ungetService(reference);
                }
            }
        }
        return statuses;
    }
}

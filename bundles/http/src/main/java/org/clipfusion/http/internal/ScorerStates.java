package org.clipfusion.http.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.clipfusion.api.spi.Scorer;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Scorer load states as the platform knows them today: a registered scorer has its models loaded; a model
 * configuration ({@code etc/org.clipfusion.clip.patchclip.cfg}, {@code ...diffusion.mapdiff.cfg}) without a registered
 * scorer is loading or failed. The one place to change when scorers publish finer states (loading, failed with a
 * reason, unloading).
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
}

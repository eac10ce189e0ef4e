package org.clipfusion.shell.internal;

import java.util.TreeMap;
import org.clipfusion.api.spi.ScorerStatus;
import org.clipfusion.api.spi.ServiceProperties;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/** Where each configured scorer stands (loading, serving, failed with the reason), by scorer id. */
final class ScorerStates {
    private ScorerStates() {
    }

    /** Scorer id → one line such as {@code serving tiny-a in /m; loading tiny-b in /n} or {@code failed (reason)}. */
    static TreeMap<String, String> describe(BundleContext context) throws InvalidSyntaxException {
        TreeMap<String, String> states = new TreeMap<>();
        for (ServiceReference<ScorerStatus> reference : context.getServiceReferences(ScorerStatus.class, null)) {
            ScorerStatus status = context.getService(reference);
            if (status == null) {
                continue;
            }
            try {
                Object id = reference.getProperty(ServiceProperties.ID);
                String detail = status.detail();
                states.put(id == null ? status.scorerId() : id.toString(),
                        detail.isEmpty() ? status.state().name().toLowerCase(java.util.Locale.ROOT) : detail);
            } finally {
                context.ungetService(reference);
            }
        }
        return states;
    }
}

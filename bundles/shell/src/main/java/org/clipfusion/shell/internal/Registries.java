package org.clipfusion.shell.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.clipfusion.api.spi.ServiceProperties;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/** The providers registered right now, by their {@code clipfusion.id}, for listings and completion. */
final class Registries {
    private Registries() {
    }

    /** id → service ranking, sorted by id. */
    static TreeMap<String, Integer> rankings(BundleContext context, Class<?> service) throws InvalidSyntaxException {
        TreeMap<String, Integer> rankings = new TreeMap<>();
        for (ServiceReference<?> reference : context.getServiceReferences(service, null)) {
            Object id = reference.getProperty(ServiceProperties.ID);
            Object ranking = reference.getProperty("service.ranking");
            String key = id == null ? "(no id) service " + reference.getProperty("service.id") : id.toString();
            rankings.merge(key, ranking instanceof Integer value ? value : 0, Math::max);
        }
        return rankings;
    }

    static List<String> ids(BundleContext context, Class<?> service) throws InvalidSyntaxException {
        return new ArrayList<>(rankings(context, service).keySet());
    }
}

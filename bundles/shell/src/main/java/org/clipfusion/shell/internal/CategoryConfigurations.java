package org.clipfusion.shell.internal;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Category settings live in ConfigurationAdmin as named factory configurations of {@value #FACTORY_PID} (the same
 * as {@code etc/org.clipfusion.category-NAME.cfg}); the engine picks up every change.
 */
final class CategoryConfigurations {
    static final String FACTORY_PID = "org.clipfusion.category";

    private CategoryConfigurations() {
    }

    /** Sets the given properties of the category's configuration, creating it if needed; others stay as they are. */
    static void update(ConfigurationAdmin admin, String name, Map<String, Object> changes) throws IOException {
        Configuration configuration = admin.getFactoryConfiguration(FACTORY_PID, name, "?");
        Dictionary<String, Object> properties = configuration.getProperties();
        if (properties == null) {
            properties = new Hashtable<>();
        }
        properties.put("name", name);
        for (Map.Entry<String, Object> change : changes.entrySet()) {
            properties.put(change.getKey(), change.getValue());
        }
        configuration.update(properties);
    }

    /** The names of all category configurations. */
    static java.util.List<String> names(ConfigurationAdmin admin) throws IOException, InvalidSyntaxException {
        java.util.List<String> names = new java.util.ArrayList<>();
        Configuration[] configurations = admin.listConfigurations("(service.factoryPid=" + FACTORY_PID + ")");
        if (configurations != null) {
            for (Configuration configuration : configurations) {
                Object name = configuration.getProperties().get("name");
                if (name != null) {
                    names.add(name.toString());
                }
            }
        }
        return names;
    }
}

package org.clipfusion.shell.internal;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import org.clipfusion.engine.CategoryNames;
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

    /**
     * Refuses a name the engine would refuse, before anything is saved (the engine reads names with the same rule).
     *
     * @throws IllegalArgumentException naming the problem and, since a prompt name is often what was meant, the
     *                                  {@code --object} option
     */
    static void requireValidName(String name) {
        CategoryNames.problem(name).ifPresent(problem -> {
            throw new IllegalArgumentException("category name '" + name + "' " + problem
                    + "; to name the object in prompts (any text), use --object");
        });
    }

    /** Deletes the category's configuration (a {@code .cfg} file under {@code etc/} with it); false if none. */
    static boolean delete(ConfigurationAdmin admin, String name) throws IOException, InvalidSyntaxException {
        Configuration[] configurations = admin.listConfigurations("(&(service.factoryPid=" + FACTORY_PID + ")(|(name="
                + escape(name) + ")(service.pid=" + FACTORY_PID + "~" + escape(name) + ")))");
        if (configurations == null) {
            return false;
        }
        for (Configuration configuration : configurations) {
            configuration.delete();
        }
        return true;
    }

    /** LDAP filter escaping (RFC 4515) of the characters a valid name cannot hold anyway, for safety. */
    private static String escape(String value) {
        return value.replace("\\", "\\5c").replace("*", "\\2a").replace("(", "\\28").replace(")", "\\29");
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

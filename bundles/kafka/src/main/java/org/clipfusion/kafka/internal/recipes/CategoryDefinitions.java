package org.clipfusion.kafka.internal.recipes;

import java.io.IOException;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Category definitions as the engine reads them: {@code org.clipfusion.category} factory configurations, found by
 * their {@code name} property. Values are compared and shared as strings (lists as lists of strings); the engine's
 * typed configuration converts them back.
 */
final class CategoryDefinitions {
    static final String FACTORY_PID = "org.clipfusion.category";
    /** Properties that belong to the configuration's bookkeeping, not to the category. */
    private static final Set<String> BOOKKEEPING = Set.of("service.pid", "service.factoryPid",
            "service.bundleLocation", "felix.fileinstall.filename", "component.name", "component.id");

    private final ConfigurationAdmin admin;

    CategoryDefinitions(ConfigurationAdmin admin) {
        this.admin = admin;
    }

    Optional<Configuration> find(String category) throws IOException {
        try {
            Configuration[] found = admin.listConfigurations("(&(service.factoryPid=" + FACTORY_PID + ")(name="
                    + escape(category) + "))");
            return found == null || found.length == 0 ? Optional.empty() : Optional.of(found[0]);
        } catch (InvalidSyntaxException e) {
            throw new IOException("category name '" + category + "' cannot be looked up: " + e.getMessage(), e);
        }
    }

    Optional<SortedMap<String, Object>> definition(String category) throws IOException {
        Optional<Configuration> configuration = find(category);
        if (configuration.isEmpty() || configuration.get().getProperties() == null) {
            return Optional.empty();
        }
        return Optional.of(canonical(configuration.get().getProperties()));
    }

    /** Replaces the configuration's properties in place (the engine keeps the category's loaded fit). */
    void update(Configuration configuration, SortedMap<String, Object> definition) throws IOException {
        configuration.update(dictionary(definition));
    }

    /** A new configuration for the category (the engine loads its persisted fit when it appears). */
    void create(String category, SortedMap<String, Object> definition) throws IOException {
        admin.getFactoryConfiguration(FACTORY_PID, category, "?").update(dictionary(definition));
    }

    static SortedMap<String, Object> canonical(Dictionary<String, Object> properties) {
        SortedMap<String, Object> definition = new TreeMap<>();
        for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements(); ) {
            String key = keys.nextElement();
            if (BOOKKEEPING.contains(key)) {
                continue;
            }
            Object value = properties.get(key);
            if (value instanceof Collection<?> collection) {
                definition.put(key, collection.stream().map(String::valueOf).toList());
            } else if (value != null && value.getClass().isArray()) {
                List<String> items = new ArrayList<>();
                for (int i = 0; i < Array.getLength(value); i++) {
                    items.add(String.valueOf(Array.get(value, i)));
                }
                definition.put(key, items);
            } else if (value != null) {
                definition.put(key, String.valueOf(value));
            }
        }
        return definition;
    }

    private static Dictionary<String, Object> dictionary(SortedMap<String, Object> definition) {
        Hashtable<String, Object> properties = new Hashtable<>();
        definition.forEach((key, value) -> properties.put(key, value instanceof List<?> list
                ? list.stream().map(String::valueOf).toArray(String[]::new) : value));
        return properties;
    }

    private static String escape(String value) {
        return value.replace("\\", "\\5c").replace("*", "\\2a").replace("(", "\\28").replace(")", "\\29");
    }
}

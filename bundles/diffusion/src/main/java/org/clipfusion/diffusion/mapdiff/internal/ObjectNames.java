package org.clipfusion.diffusion.mapdiff.internal;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The name of a category's object as prompts say it: the category with {@code _} as spaces, unless a table entry
 * says otherwise (VisA's "pcb1" is a "printed circuit board"). The same rule as PatchCLIP's, whose class is
 * package-private to its bundle, so that both branches name an object alike.
 */
final class ObjectNames {
    private final Map<String, String> overrides;

    /** @param entries {@code category=object name} pairs */
    ObjectNames(String[] entries) {
        Map<String, String> table = new HashMap<>();
        for (String entry : entries) {
            int equals = entry.indexOf('=');
            if (equals <= 0 || equals == entry.length() - 1) {
                throw new IllegalArgumentException("MapDiff object name '" + entry
                        + "' is not of the form category=object name");
            }
            table.put(entry.substring(0, equals).trim().toLowerCase(Locale.ROOT), entry.substring(equals + 1).trim());
        }
        this.overrides = Map.copyOf(table);
    }

    /**
     * @param explicitName the category configuration's own object name, or empty; the category's name itself (with
     *                     or without {@code _} as spaces) counts as no explicit name, so the table still applies
     */
    String objectName(String category, String explicitName) {
        boolean derived = explicitName == null || explicitName.isBlank() || explicitName.equals(category)
                || explicitName.equals(category.replace('_', ' '));
        if (!derived) {
            return explicitName.trim();
        }
        String key = category.trim().toLowerCase(Locale.ROOT);
        return overrides.getOrDefault(key, key.replace('_', ' '));
    }
}

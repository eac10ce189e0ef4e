package org.clipfusion.api.config;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The name of a category's object as prompts say it: the category with {@code _} as spaces, unless a table entry
 * says otherwise (VisA's "pcb1" is a "printed circuit board"). Both branches use this one rule, so that they name an
 * object alike.
 */
public final class ObjectNames {
    /** VisA's category names that are not object names; private because an array cannot be made read-only. */
    private static final String[] VISA = {"pcb1=printed circuit board", "pcb2=printed circuit board",
        "pcb3=printed circuit board", "pcb4=printed circuit board", "macaroni1=macaroni", "macaroni2=macaroni",
        "chewinggum=chewing gum", "pipe_fryum=pipe fryum"};

    private final Map<String, String> overrides;

    /**
     * @param entries {@code category=object name} pairs
     * @throws IllegalArgumentException naming an entry that is not of that form
     */
    public ObjectNames(String... entries) {
        Map<String, String> table = new HashMap<>();
        for (String entry : entries) {
            int equals = entry.indexOf('=');
            if (equals <= 0 || equals == entry.length() - 1) {
                throw new IllegalArgumentException("object name '" + entry
                        + "' is not of the form category=object name");
            }
            table.put(entry.substring(0, equals).trim().toLowerCase(Locale.ROOT), entry.substring(equals + 1).trim());
        }
        this.overrides = Map.copyOf(table);
    }

    /** The VisA table followed by (and overridden by) the given entries. */
    public static ObjectNames visaAnd(String... entries) {
        String[] all = new String[VISA.length + entries.length];
        System.arraycopy(VISA, 0, all, 0, VISA.length);
        System.arraycopy(entries, 0, all, VISA.length, entries.length);
        return new ObjectNames(all);
    }

    /** The VisA table overridden by a component's {@code objectNames} list property ({@link ConfigLists}). */
    public static ObjectNames visaAndConfigured(String[] objectNamesProperty) {
        return visaAnd(ConfigLists.items("objectNames", objectNamesProperty).toArray(String[]::new));
    }

    /**
     * @param explicitName the category configuration's own object name, or empty; the category's name itself (with
     *                     or without {@code _} as spaces) counts as no explicit name, so the table still applies
     */
    public String objectName(String category, String explicitName) {
        boolean derived = explicitName == null || explicitName.isBlank() || explicitName.equals(category)
                || explicitName.equals(category.replace('_', ' '));
        if (!derived) {
            return explicitName.trim();
        }
        String key = category.trim().toLowerCase(Locale.ROOT);
        return overrides.getOrDefault(key, key.replace('_', ' '));
    }
}

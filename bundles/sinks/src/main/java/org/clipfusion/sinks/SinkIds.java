package org.clipfusion.sinks;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Sink ids name folders and log lines, so they are restricted to a safe, readable alphabet. A sink configured by
 * {@code etc/<factory pid>-NAME.cfg} is called NAME unless its {@code id} property says otherwise.
 */
public final class SinkIds {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private SinkIds() {
    }

    public static boolean isValid(String id) {
        return id != null && SAFE.matcher(id).matches();
    }

    public static String require(String id) {
        if (!isValid(id)) {
            throw new IllegalArgumentException("sink id '" + id + "' is not allowed: use 1 to 64 letters, digits, "
                    + "'_', '.' or '-', starting with a letter or digit");
        }
        return id;
    }

    /**
     * The id of a sink component: its configured {@code id}, else the NAME of its factory configuration (Karaf's
     * file install names factory configurations {@code <factory pid>~NAME}).
     *
     * @throws IllegalArgumentException naming the configuration when no valid id results
     */
    public static String of(String configuredId, Map<String, ?> componentProperties) {
        if (configuredId != null && !configuredId.isBlank()) {
            return require(configuredId.trim());
        }
        Object pid = componentProperties.get("service.pid");
        String text = pid == null ? "" : pid.toString();
        int separator = text.lastIndexOf('~');
        Object file = componentProperties.get("felix.fileinstall.filename");
        if (separator < 0 && file != null) {
            // Older file install versions give factory configurations generated pids; the file name has the NAME.
            String name = file.toString().substring(file.toString().lastIndexOf('/') + 1).replaceAll("\\.cfg$", "");
            int dash = name.indexOf('-');
            if (dash >= 0) {
                return require(name.substring(dash + 1));
            }
        }
        if (separator < 0) {
            throw new IllegalArgumentException("sink configuration '" + text + "' has no id: set the property id, "
                    + "or name the file <factory pid>-NAME.cfg");
        }
        return require(text.substring(separator + 1));
    }
}

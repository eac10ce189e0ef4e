package org.clipfusion.shell.internal;

/** File names derived from ids that may contain anything: no separators, no dot-dot, nothing hidden. */
final class SafeNames {
    private SafeNames() {
    }

    static String stem(String id) {
        String base = id.replaceAll("\\.[A-Za-z0-9]{1,5}$", "");
        String safe = base.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^\\.+", "_");
        return safe.isEmpty() ? "image" : safe;
    }
}

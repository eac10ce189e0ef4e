package org.clipfusion.tensor.files;

/** File names derived from ids that may contain anything: no separators, no dot-dot, nothing hidden. */
public final class SafeFileNames {
    private SafeFileNames() {
    }

    /** {@code test/crack/003.png} becomes {@code test_crack_003}; an empty result becomes {@code image}. */
    public static String stem(String id) {
        String base = id.replaceAll("\\.[A-Za-z0-9]{1,5}$", "");
        String safe = base.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^\\.+", "_");
        return safe.isEmpty() ? "image" : safe;
    }

    /** A folder name for a category or other id that cannot climb out of its parent, nor be hidden. */
    public static String folder(String name) {
        String safe = name.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^\\.+", "_");
        return safe.isEmpty() ? "_" : safe;
    }
}

package org.clipfusion.sinks.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.clipfusion.tensor.files.SafeFileNames;

/**
 * File names from request ids, which come from the line and cannot be trusted. The toolkit's
 * {@link SafeFileNames#folder} keeps letters, digits, '.', '_' and '-' (no separators, no hidden files, no "." or
 * ".."); on top of it, for a sink that must keep every result apart, the name is cut to {@value #MAX_STEM} characters
 * (file systems refuse longer ones, and a result whose file cannot be created would be retried forever), and whenever
 * the id had to be changed the first 12 hex digits of its SHA-256 are appended, so that ids differing only in replaced
 * or cut characters ({@code a/b} and {@code a_b}) never share a file.
 */
final class RequestFileNames {
    static final int MAX_STEM = 96;

    private RequestFileNames() {
    }

    static String stemOf(String id) {
        String safe = SafeFileNames.folder(id);
        boolean changed = !safe.equals(id) || safe.length() > MAX_STEM;
        String stem = safe.length() > MAX_STEM ? safe.substring(0, MAX_STEM) : safe;
        return changed ? stem + "~" + digest(id) : stem;
    }

    /**
     * Resolves {@code name} inside {@code folder}, refusing anything that would land elsewhere (a second line of
     * defence behind {@link #stemOf}).
     */
    static Path inside(Path folder, String name) {
        Path base = folder.toAbsolutePath().normalize();
        Path file = base.resolve(name).normalize();
        if (!file.getParent().equals(base)) {
            throw new IllegalArgumentException("file name '" + name + "' would leave the sink folder " + base);
        }
        return file;
    }

    private static String digest(String id) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }
}

package org.clipfusion.sinks.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * File names from request ids, which come from the line and cannot be trusted: only letters, digits, '.', '_' and
 * '-' are kept, anything else becomes '_', a leading dot is replaced (no hidden files, no "." or ".."), and the name is
 * cut to {@value #MAX_STEM} characters. Whenever the id had to be changed, the first 12 hex digits of its SHA-256 are
 * appended, so that ids differing only in replaced characters ({@code a/b} and {@code a_b}) never share a file.
 */
final class SafeFileNames {
    static final int MAX_STEM = 96;

    private SafeFileNames() {
    }

    static String stemOf(String id) {
        StringBuilder stem = new StringBuilder(Math.min(id.length(), MAX_STEM));
        boolean changed = id.isEmpty() || id.length() > MAX_STEM;
        for (int i = 0; i < id.length() && stem.length() < MAX_STEM; i++) {
            char c = id.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                    || c == '-' || (c == '.' && stem.length() > 0);
            stem.append(allowed ? c : '_');
            changed |= !allowed;
        }
        if (stem.length() == 0) {
            stem.append('_');
        }
        return changed ? stem + "~" + digest(id) : stem.toString();
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

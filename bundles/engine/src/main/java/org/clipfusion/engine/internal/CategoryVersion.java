package org.clipfusion.engine.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The version of a category as the engine applies it: the first 16 hex digits of a SHA-256 over its checked
 * definition and its fit record (references, bank checksums, thresholds). Every node that holds the same recipe (a
 * definition shared through the cluster, a fit copied from the node that made it) computes the same version, and
 * any change of setting, refit or recalibration gives a new one: a result that names it says exactly which recipe
 * judged the part.
 */
final class CategoryVersion {
    private static final int HEX_DIGITS = 16;

    private CategoryVersion() {
    }

    static String of(CategoryDefinition definition, FitRecord fit) {
        // Records print every component, in declaration order, with collections in a fixed order.
        String text = "definition " + definition + "\nfit " + (fit == null ? "none" : fit);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HEX_DIGITS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}

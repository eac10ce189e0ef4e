package org.clipfusion.engine.internal;

import org.clipfusion.tensor.Sha256;

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
        return Sha256.of("definition " + definition + "\nfit " + (fit == null ? "none" : fit)).substring(0, HEX_DIGITS);
    }
}

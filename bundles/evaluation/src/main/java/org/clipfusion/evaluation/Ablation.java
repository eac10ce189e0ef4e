package org.clipfusion.evaluation;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One variant of an ablation study: the template category with some properties changed (the maps fused, α...), run
 * over the same categories, seeds and references as the others, and reported beside them.
 *
 * @param name      short label, e.g. {@code clip-branch} or {@code alpha=0.3}
 * @param overrides category properties set for this variant ({@code maps}, {@code alphaSegmentation},
 *                  {@code alphaClassification}, {@code scorers}, {@code mapScaling}...)
 */
public record Ablation(String name, Map<String, String> overrides) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.=+-]+");

    public Ablation {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("ablation name '" + name + "' may hold only letters, digits and "
                    + "_ . = + -");
        }
        overrides = java.util.Collections.unmodifiableMap(new TreeMap<>(overrides));
    }

    /** The label runs of this variant carry after their dataset category: {@code hazelnut [clip-branch]}. */
    public String label(String category) {
        return category + " [" + name + "]";
    }

    /** The variant of a run label, or empty for a run of the template as it is. */
    public static String variantOf(String runCategory) {
        int open = runCategory.lastIndexOf(" [");
        return open >= 0 && runCategory.endsWith("]") ? runCategory.substring(open + 2, runCategory.length() - 1)
                : "";
    }
}

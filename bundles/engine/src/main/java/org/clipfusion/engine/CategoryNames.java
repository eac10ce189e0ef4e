package org.clipfusion.engine;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one rule for category names, applied by the engine to every configuration and by every tool before it saves
 * one, so that a name is refused where it is typed rather than accepted there and rejected later in the log. A name
 * becomes a folder under the data directory and an EventAdmin topic segment: ASCII letters, digits, {@code _},
 * {@code -} and {@code .} (not first, so neither {@code .} nor {@code ..} nor a hidden folder), at most
 * {@value #MAX_LENGTH} characters. The object's name in prompts is a separate setting and may be anything.
 */
public final class CategoryNames {
    public static final int MAX_LENGTH = 100;
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]*");

    private CategoryNames() {
    }

    /** What is wrong with the name, as a phrase that follows it ("may hold only ..."); empty when it is valid. */
    public static Optional<String> problem(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("is empty");
        }
        if (name.length() > MAX_LENGTH) {
            return Optional.of("is longer than " + MAX_LENGTH + " characters");
        }
        if (!VALID.matcher(name).matches()) {
            return Optional.of("may hold only ASCII letters, digits, '_', '-' and '.' (not first)");
        }
        return Optional.empty();
    }
}

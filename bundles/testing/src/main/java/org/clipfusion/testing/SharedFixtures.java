package org.clipfusion.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Locates the reference material the tests compare against: the project's {@code shared/} directory (beside the
 * checkout) and the parity fixture set. A test that cannot find them fails with a message saying how to point at
 * them; it never skips, because a skipped parity test looks like a passing one.
 */
public final class SharedFixtures {
    /** System property naming the {@code shared/} directory; the build sets it. */
    public static final String SHARED_PROPERTY = "clipfusion.shared";
    /** System property naming a parity fixture directory (the layout of {@code shared/fixtures/parity}). */
    public static final String FIXTURES_PROPERTY = "clipfusion.fixtures";

    private SharedFixtures() {
    }

    /**
     * The {@code shared/} directory: {@value #SHARED_PROPERTY} when it names a directory holding {@code fixtures/},
     * else the first {@code shared/} with {@code fixtures/} inside, walking up from the working directory (a module
     * built on its own, outside the reactor, gets a wrong property from the parent POM).
     */
    public static Path sharedDirectory() {
        String configured = System.getProperty(SHARED_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            Path candidate = Paths.get(configured).toAbsolutePath().normalize();
            if (Files.isDirectory(candidate.resolve("fixtures"))) {
                return candidate;
            }
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared");
            if (Files.isDirectory(candidate.resolve("fixtures"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("the shared/ reference directory was not found (looked at -D"
                + SHARED_PROPERTY + "=" + configured + " and for shared/fixtures above " + Paths.get("")
                .toAbsolutePath() + "); pass -D" + SHARED_PROPERTY + "=/path/to/shared");
    }

    /** A path inside {@code shared/} that must exist, e.g. {@code samples/hazelnut-toy}. */
    public static Path shared(String relative) {
        Path path = sharedDirectory().resolve(relative);
        if (!Files.exists(path)) {
            throw new IllegalStateException("missing reference material " + path);
        }
        return path;
    }

    /**
     * The parity fixture directory: {@value #FIXTURES_PROPERTY} when set (any fixture set of the same layout), else
     * {@code shared/fixtures/parity}.
     */
    public static Path parityDirectory() {
        String configured = System.getProperty(FIXTURES_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            Path dir = Paths.get(configured).toAbsolutePath().normalize();
            if (!Files.isDirectory(dir)) {
                throw new IllegalStateException("-D" + FIXTURES_PROPERTY + "=" + configured + " is not a directory");
            }
            return dir;
        }
        return shared("fixtures/parity");
    }

    /** One model's set inside the parity directory, e.g. {@code open_clip}; must exist. */
    public static Path paritySet(String name) {
        Path set = parityDirectory().resolve(name);
        if (!Files.isDirectory(set)) {
            throw new IllegalStateException("parity fixture set " + set + " does not exist");
        }
        return set;
    }
}

package org.clipfusion.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The file list of a parity fixture directory: {@code MANIFEST.md}'s table of every file with its size and (the
 * start of) its SHA-256. A parity test compares the references this list names, not whatever files happen to be on
 * disk, so a missing reference fails instead of shrinking the test, and a changed fixture fails instead of moving
 * the expectation.
 */
public final class ParityManifest {
    /** {@code | `path` | content | bytes | `sha256 prefix` |} */
    private static final Pattern ROW = Pattern.compile(
            "^\\|\\s*`([^`]+)`\\s*\\|.*\\|\\s*(\\d+)\\s*\\|\\s*`([0-9a-f]{16,64})`\\s*\\|\\s*$");

    private final Path root;
    private final Map<String, Listed> files;

    private record Listed(long bytes, String sha256Prefix) {
    }

    private ParityManifest(Path root, Map<String, Listed> files) {
        this.root = root;
        this.files = files;
    }

    /** The manifest of {@code root} (a parity directory such as {@code shared/fixtures/parity}), which must exist. */
    public static ParityManifest of(Path root) {
        Path manifest = root.resolve("MANIFEST.md");
        if (!Files.isRegularFile(manifest)) {
            throw new AssertionError("parity fixture directory " + root + " has no MANIFEST.md listing its files");
        }
        Map<String, Listed> files = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(manifest)) {
                Matcher row = ROW.matcher(line);
                if (row.matches()) {
                    files.put(row.group(1), new Listed(Long.parseLong(row.group(2)), row.group(3)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (files.isEmpty()) {
            throw new AssertionError(manifest + " lists no files");
        }
        return new ParityManifest(root, files);
    }

    /** The manifest of {@link SharedFixtures#parityDirectory()}. */
    public static ParityManifest ofParityDirectory() {
        return of(SharedFixtures.parityDirectory());
    }

    /**
     * The {@code .npy} files listed under {@code directory} (relative to the root, e.g. {@code unet/outputs}, at any
     * depth), each checked: present, of the listed size and checksum. Also fails when a {@code .npy} file under that
     * directory is not listed, since nothing would then say what it should contain.
     */
    public List<Path> references(String directory) {
        String prefix = directory.endsWith("/") ? directory : directory + "/";
        List<Path> listed = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        files.keySet().stream().filter(name -> name.startsWith(prefix) && name.endsWith(".npy")).sorted()
                .forEach(name -> {
                    String problem = problem(name);
                    if (problem != null) {
                        problems.add(problem);
                    }
                    listed.add(root.resolve(name));
                });
        Path dir = root.resolve(directory);
        if (Files.isDirectory(dir)) {
            try (Stream<Path> present = Files.walk(dir)) {
                present.filter(p -> p.toString().endsWith(".npy"))
                        .map(p -> root.relativize(p).toString().replace('\\', '/'))
                        .filter(name -> !files.containsKey(name)).sorted()
                        .forEach(name -> problems.add(name + ": present but not listed in MANIFEST.md"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (listed.isEmpty()) {
            problems.add("MANIFEST.md lists no .npy files under " + prefix);
        }
        if (!problems.isEmpty()) {
            throw new AssertionError("parity fixtures in " + root + ":\n  " + String.join("\n  ", problems));
        }
        return listed;
    }

    /** Checks every listed file under {@code directory} (inputs, weights, configs too): present, size, checksum. */
    public void verify(String directory) {
        String prefix = directory.endsWith("/") ? directory : directory + "/";
        List<String> problems = new ArrayList<>();
        files.keySet().stream().filter(name -> name.startsWith(prefix)).forEach(name -> {
            String problem = problem(name);
            if (problem != null) {
                problems.add(problem);
            }
        });
        if (problems.size() == 0 && files.keySet().stream().noneMatch(name -> name.startsWith(prefix))) {
            problems.add("MANIFEST.md lists no files under " + prefix);
        }
        if (!problems.isEmpty()) {
            throw new AssertionError("parity fixtures in " + root + ":\n  " + String.join("\n  ", problems));
        }
    }

    private String problem(String name) {
        Path file = root.resolve(name);
        Listed listed = files.get(name);
        if (!Files.isRegularFile(file)) {
            return name + ": listed in MANIFEST.md but missing";
        }
        try {
            long size = Files.size(file);
            if (size != listed.bytes()) {
                return name + ": " + size + " bytes, MANIFEST.md says " + listed.bytes();
            }
            String sha = sha256(file);
            if (!sha.startsWith(listed.sha256Prefix())) {
                return name + ": sha256 " + sha + ", MANIFEST.md says " + listed.sha256Prefix() + "...";
            }
            return null;
        } catch (IOException e) {
            return name + ": cannot be read (" + e.getMessage() + ")";
        }
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int read; (read = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, read);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

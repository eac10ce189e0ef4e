package org.clipfusion.tensor.verify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.clipfusion.tensor.TensorFormatException;

/**
 * Expected SHA-256 digests of a model directory's files, by path relative to it: the {@code sha256sum} format
 * ({@code <64 hex>  <path>}, {@code *} before binary paths, {@code #} comments), which {@code models/fetch} writes as
 * {@value #FILE_NAME} and {@code sha256sum -c} can check too.
 */
public record ChecksumList(String source, Map<String, String> sha256ByFile) {
    /** The name of the list inside a model directory. */
    public static final String FILE_NAME = "SHA256SUMS";
    private static final Pattern LINE = Pattern.compile("([0-9a-fA-F]{64}) [ *](.+)");

    public ChecksumList {
        sha256ByFile = Collections.unmodifiableMap(new LinkedHashMap<>(sha256ByFile));
    }

    /** No checksums: nothing to compare. */
    public static ChecksumList none() {
        return new ChecksumList("none", Map.of());
    }

    /**
     * Reads a list in {@code sha256sum} format.
     *
     * @throws TensorFormatException naming the file and line when a line is neither a digest, a comment nor blank
     */
    public static ChecksumList read(Path file) throws IOException {
        Map<String, String> digests = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher matcher = LINE.matcher(line);
            if (!matcher.matches()) {
                throw new TensorFormatException(file, "line " + (i + 1) + " is not '<sha256 hex>  <file>': " + line);
            }
            digests.put(matcher.group(2), matcher.group(1).toLowerCase(Locale.ROOT));
        }
        return new ChecksumList(file.toString(), digests);
    }

    /** The directory's own {@value #FILE_NAME}, or {@link #none()} when it has none. */
    public static ChecksumList inDirectory(Path directory) throws IOException {
        Path file = directory.resolve(FILE_NAME);
        return Files.isRegularFile(file) ? read(file) : none();
    }

    public boolean isEmpty() {
        return sha256ByFile.isEmpty();
    }
}

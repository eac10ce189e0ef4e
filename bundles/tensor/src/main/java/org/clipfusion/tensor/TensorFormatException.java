package org.clipfusion.tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A tensor file is malformed, or does not hold what the caller expects (a missing key, another shape or
 * dtype). The message always names the file and, where one is involved, the tensor key, so that a failure
 * deep inside model loading can be traced to its input.
 */
public class TensorFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    // Path is not Serializable; the message carries the name anyway.
    private final transient Path file;
    private final String tensorKey;

    /** A problem with {@code file} as a whole, e.g. its header. */
    public TensorFormatException(Path file, String problem) {
        this(file, null, problem, null);
    }

    /** A problem with tensor {@code tensorKey} of {@code file}. */
    public TensorFormatException(Path file, String tensorKey, String problem) {
        this(file, tensorKey, problem, null);
    }

    /**
     * @param tensorKey the tensor concerned, or {@code null} for the file as a whole
     * @param cause the underlying failure, or {@code null}
     */
    public TensorFormatException(Path file, String tensorKey, String problem, Throwable cause) {
        super(describe(file, tensorKey, problem), cause);
        this.file = file;
        this.tensorKey = tensorKey;
    }

    /** The file the problem was found in. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /** The tensor concerned, if the problem is about one. */
    public Optional<String> tensorKey() {
        return Optional.ofNullable(tensorKey);
    }

    private static String describe(Path file, String tensorKey, String problem) {
        String where = file == null ? "<unknown file>" : file.toString();
        return tensorKey == null
                ? where + ": " + problem
                : where + ": tensor '" + tensorKey + "': " + problem;
    }
}

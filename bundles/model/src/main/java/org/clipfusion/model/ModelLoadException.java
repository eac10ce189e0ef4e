package org.clipfusion.model;

import java.io.IOException;
import java.util.List;

/**
 * A model could not be loaded because its configuration or its checkpoint does not describe the expected
 * architecture. The message names the file (or other source) and, for a checkpoint, every missing key, every
 * unexpected key and every shape mismatch at once, so that one run shows everything that is wrong; the same lists
 * are available from {@link #missingKeys()}, {@link #unexpectedKeys()} and {@link #shapeMismatches()}.
 */
public class ModelLoadException extends IOException {
    private static final long serialVersionUID = 1L;
    /** More keys than this are counted, not listed, in the message (the accessors still return all of them). */
    private static final int KEYS_LISTED_IN_MESSAGE = 20;

    private final String source;
    private final List<String> missingKeys;
    private final List<String> unexpectedKeys;
    private final List<String> shapeMismatches;

    /** A problem with {@code source} (a file path or a description of where the data came from) as a whole. */
    public ModelLoadException(String source, String problem) {
        this(source, problem, null);
    }

    /** As {@link #ModelLoadException(String, String)}, caused by {@code cause}. */
    public ModelLoadException(String source, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
        this.source = source;
        this.missingKeys = List.of();
        this.unexpectedKeys = List.of();
        this.shapeMismatches = List.of();
    }

    /**
     * A checkpoint whose tensors do not match the architecture.
     *
     * @param architecture what the checkpoint was checked against, e.g. the config file it was derived from
     * @param shapeMismatches one line per tensor: key, expected shape, actual dtype and shape
     */
    public ModelLoadException(String source, String architecture, List<String> missingKeys,
            List<String> unexpectedKeys, List<String> shapeMismatches) {
        super(describe(source, architecture, missingKeys, unexpectedKeys, shapeMismatches));
        this.source = source;
        this.missingKeys = List.copyOf(missingKeys);
        this.unexpectedKeys = List.copyOf(unexpectedKeys);
        this.shapeMismatches = List.copyOf(shapeMismatches);
    }

    /** The file or other source the problem was found in. */
    public String source() {
        return source;
    }

    /** Keys the architecture needs that the checkpoint lacks, sorted. */
    public List<String> missingKeys() {
        return missingKeys;
    }

    /** Keys the checkpoint has that the architecture does not use, sorted. */
    public List<String> unexpectedKeys() {
        return unexpectedKeys;
    }

    /** One description per tensor whose shape or dtype does not fit, sorted by key. */
    public List<String> shapeMismatches() {
        return shapeMismatches;
    }

    private static String describe(String source, String architecture, List<String> missing,
            List<String> unexpected, List<String> mismatches) {
        StringBuilder message = new StringBuilder(source)
                .append(": checkpoint does not match the architecture of ").append(architecture);
        appendList(message, "missing key", missing);
        appendList(message, "unexpected key", unexpected);
        appendList(message, "shape mismatch", mismatches);
        return message.toString();
    }

    private static void appendList(StringBuilder message, String what, List<String> items) {
        if (items.isEmpty()) {
            return;
        }
        message.append("; ").append(items.size()).append(' ').append(what).append(items.size() == 1 ? "" : "s")
                .append(": ")
                .append(String.join(", ", items.subList(0, Math.min(items.size(), KEYS_LISTED_IN_MESSAGE))));
        if (items.size() > KEYS_LISTED_IN_MESSAGE) {
            message.append(", ... (").append(items.size() - KEYS_LISTED_IN_MESSAGE).append(" more)");
        }
    }
}

package org.clipfusion.model.tokenizer;

/**
 * The BPE vocabulary could not be read: the resource is missing (a packaging error), not gzip, truncated, or
 * has malformed merge lines. Unchecked because the bundled vocabulary is part of the code, not user input.
 */
public class VocabularyLoadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A vocabulary problem described by {@code message}. */
    public VocabularyLoadException(String message) {
        super(message);
    }

    /** A vocabulary problem described by {@code message}, caused by {@code cause}. */
    public VocabularyLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}

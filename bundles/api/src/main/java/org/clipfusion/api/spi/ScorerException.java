package org.clipfusion.api.spi;

/** A scorer could not process an input; the message names the input and the problem. */
public class ScorerException extends Exception {
    private static final long serialVersionUID = 1L;

    public ScorerException(String message) {
        super(message);
    }

    public ScorerException(String message, Throwable cause) {
        super(message, cause);
    }
}

package org.clipfusion.api;

/** A request that could not be inspected; the message is one line a line operator can act on. */
public class DetectionException extends Exception {
    private static final long serialVersionUID = 1L;

    public DetectionException(String message) {
        super(message);
    }

    public DetectionException(String message, Throwable cause) {
        super(message, cause);
    }
}

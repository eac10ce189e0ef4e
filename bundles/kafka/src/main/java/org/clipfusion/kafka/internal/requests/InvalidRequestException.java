package org.clipfusion.kafka.internal.requests;

/** A request that can never be inspected as it is (malformed, too large, an image that cannot be read). */
final class InvalidRequestException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidRequestException(String message) {
        super(message);
    }
}

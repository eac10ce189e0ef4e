package org.clipfusion.engine.internal;

import org.clipfusion.api.DetectionException;

/** A category needs a scorer or fusion strategy that is not registered right now (it may be on its way back). */
final class MissingServiceException extends DetectionException {
    private static final long serialVersionUID = 1L;

    /** The missing scorer's id; null when a strategy, or any scorer at all, is missing. */
    private final String scorerId;

    MissingServiceException(String message, String scorerId) {
        super(message);
        this.scorerId = scorerId;
    }

    String scorerId() {
        return scorerId;
    }
}

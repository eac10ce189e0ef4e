package org.clipfusion.engine.internal;

import org.clipfusion.api.DetectionException;

/** A category needs a scorer or fusion strategy that is not registered right now (it may be on its way back). */
final class MissingServiceException extends DetectionException {
    private static final long serialVersionUID = 1L;

    /** What is missing. */
    enum Kind { SCORER, ANY_SCORER, STRATEGY, ANY_STRATEGY }

    private final Kind kind;
    /** The missing scorer's or strategy's id; null for {@link Kind#ANY_SCORER} and {@link Kind#ANY_STRATEGY}. */
    private final String id;

    MissingServiceException(String message, Kind kind, String id) {
        super(message);
        this.kind = kind;
        this.id = id;
    }

    Kind kind() {
        return kind;
    }

    /** The missing scorer's id; null when something else is missing. */
    String scorerId() {
        return kind == Kind.SCORER ? id : null;
    }

    String id() {
        return id;
    }
}

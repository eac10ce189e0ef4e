package org.clipfusion.sinks.internal;

import java.io.IOException;

/** An outbox entry file that cannot be trusted (truncated, overwritten, or failing its checksum). */
final class CorruptEntryException extends IOException {
    private static final long serialVersionUID = 1L;

    CorruptEntryException(String message) {
        super(message);
    }
}

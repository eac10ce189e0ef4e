package org.clipfusion.sinks;

import java.util.Objects;

/**
 * A configured sink that could not start: its configuration is wrong, or its target can never be written. Sink
 * components register one as a service (see {@link SinkRegistration#registerFailure}) instead of their
 * {@code ResultSink}, and the outbox lists it as {@link SinkState#FAILED} with the reason, so a bad configuration
 * is visible where sinks are watched ({@code clipfusion:sinks}), not only in the log.
 *
 * @param id     the sink's id, or its configuration's PID when the id itself is what is wrong
 * @param kind   {@code file}, {@code jdbc}, {@code mqtt}, ...
 * @param reason one line naming the property or target and the problem
 */
public record SinkFailure(String id, String kind, String reason) {
    public SinkFailure {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
    }
}

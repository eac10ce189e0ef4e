package org.clipfusion.sinks;

import java.time.Duration;
import java.util.Objects;

/**
 * One sink as the outbox sees it.
 *
 * @param id         the sink's id
 * @param kind       {@code file}, {@code jdbc}, {@code mqtt}, or a plant's own; {@code ?} when not registered
 * @param state      what its delivery loop does now
 * @param alarm      the outbox is at or above 80 % of a configured bound (entries or age) and this sink has
 *                   undelivered results, i.e. it is one of the sinks holding the outbox back
 * @param backlog    entries not yet delivered to this sink
 * @param oldestAge  age of the oldest undelivered entry; {@link Duration#ZERO} when there is none
 * @param delivered  entries delivered since the outbox started (kept across updates of the sink)
 * @param dropped    entries this sink lost to the outbox's bounds since the outbox started
 * @param rejected   entries the sink refused as undeliverable since the outbox started (see
 *                   {@link UndeliverableResultException})
 * @param lastError  the last delivery error, empty when the last delivery succeeded
 */
public record SinkStatus(String id, String kind, SinkState state, boolean alarm, long backlog, Duration oldestAge,
                         long delivered, long dropped, long rejected, String lastError) {
    public SinkStatus {
        Objects.requireNonNull(id, "id");
        kind = kind == null ? "?" : kind;
        Objects.requireNonNull(state, "state");
        oldestAge = oldestAge == null ? Duration.ZERO : oldestAge;
        lastError = lastError == null ? "" : lastError;
    }
}

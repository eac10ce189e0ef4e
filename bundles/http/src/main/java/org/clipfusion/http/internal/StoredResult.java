package org.clipfusion.http.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/**
 * A result as the API keeps it: its {@code clipfusion.result/2} record (the sinks' format) and where its map and,
 * for inspections made through the API, the inspected image lie.
 *
 * @param requestId the request id, the key of idempotent retries
 * @param record    the JSON record
 * @param time      when it was produced
 * @param category  its category
 * @param decision  NORMAL, ANOMALOUS or UNDECIDED
 * @param hasImage  whether the inspected image is kept (then overlays are drawn on it)
 */
record StoredResult(String requestId, ObjectNode record, Instant time, String category, String decision,
                    boolean hasImage) {

    static StoredResult of(ObjectNode record, boolean hasImage) {
        return new StoredResult(record.path("requestId").asText(), record, Instant.parse(record.path("time")
                .asText()), record.path("category").asText(), record.path("decision").asText(), hasImage);
    }

    /** The threshold in force, NaN when none was. */
    double threshold() {
        return record.path("threshold").path("value").isNumber() ? record.path("threshold").path("value")
                .asDouble() : Double.NaN;
    }

    StoredResult withImage() {
        return new StoredResult(requestId, record, time, category, decision, true);
    }
}

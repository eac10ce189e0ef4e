package org.clipfusion.api.spi;

import org.clipfusion.api.DetectionResult;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Delivers results somewhere (files, a database, a broker). Implementations are used through a durable outbox, so a
 * failing delivery is retried later rather than lost: throw when the result was not delivered.
 */
@ConsumerType
public interface ResultSink {

    /** Stable id, also published as the {@value ServiceProperties#ID} service property. */
    String id();

    /** Delivers one result; must be idempotent per {@link DetectionResult#requestId()} (deliveries may repeat). */
    void deliver(DetectionResult result) throws Exception;
}

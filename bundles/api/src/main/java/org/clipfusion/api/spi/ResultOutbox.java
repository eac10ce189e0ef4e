package org.clipfusion.api.spi;

import java.io.IOException;
import org.clipfusion.api.DetectionResult;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The durable hand-over from detection to the {@link ResultSink}s. The engine records every result here before
 * {@code detect} returns; delivery to the sinks happens later, on the outbox's own threads, so a slow or unreachable
 * consumer never slows the detection path.
 */
@ProviderType
public interface ResultOutbox {

    /**
     * Stores the result durably (on disk, synced) for every configured sink and returns; delivery follows
     * asynchronously, in order, retried until it succeeds or the outbox's configured bounds drop it (loudly).
     *
     * @throws IOException when the result could not be stored, e.g. the disk is full
     */
    void append(DetectionResult result) throws IOException;
}

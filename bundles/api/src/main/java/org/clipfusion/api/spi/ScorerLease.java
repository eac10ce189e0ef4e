package org.clipfusion.api.spi;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Keeps a {@link Scorer}'s model open for one piece of work (a detection, a fit). The engine takes a lease when it
 * plans a request and closes it when the request is done, so that a model being replaced is closed only after the
 * last request that started on it has finished.
 *
 * @since 1.5
 */
@FunctionalInterface
@ConsumerType
public interface ScorerLease extends AutoCloseable {
    /** Ends the lease; idempotent. */
    @Override
    void close();
}

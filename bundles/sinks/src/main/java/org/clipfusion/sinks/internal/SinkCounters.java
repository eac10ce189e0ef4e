package org.clipfusion.sinks.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One sink's counts since the outbox opened. They belong to the sink's id, not to one registration of its service,
 * so that a configuration change or a bundle update of the sink (a new service, a new delivery loop) keeps them.
 */
final class SinkCounters {
    final AtomicLong delivered = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
}

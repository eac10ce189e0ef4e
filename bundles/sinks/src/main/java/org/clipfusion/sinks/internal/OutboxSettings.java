package org.clipfusion.sinks.internal;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The outbox's settings, checked.
 *
 * @param folder     where entries and sink cursors live
 * @param maxEntries most results kept undelivered; beyond it the oldest are dropped (logged at ERROR)
 * @param maxAge     oldest an undelivered result may get; older ones are dropped (logged at ERROR)
 * @param backoff    waits between failed deliveries
 */
record OutboxSettings(Path folder, int maxEntries, Duration maxAge, Backoff backoff) {
    /** The alarm is raised at this share of either bound. */
    static final double ALARM_RATIO = 0.8;

    OutboxSettings {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, got " + maxEntries);
        }
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("maxAgeHours must be positive, got " + maxAge);
        }
    }

    static OutboxSettings from(OutboxConfig config, Path defaultFolder) {
        Path folder = config.directory().isBlank() ? defaultFolder : Path.of(config.directory());
        return new OutboxSettings(folder, config.maxEntries(),
                Duration.ofMillis(Math.round(config.maxAgeHours() * 3_600_000d)),
                new Backoff(Duration.ofMillis(config.initialBackoffMillis()),
                        Duration.ofMillis(config.maxBackoffMillis())));
    }
}

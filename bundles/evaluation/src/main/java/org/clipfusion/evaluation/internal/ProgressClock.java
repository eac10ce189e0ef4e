package org.clipfusion.evaluation.internal;

import java.time.Duration;

/** Images per second and time left, from the start of a run. */
final class ProgressClock {
    private final long startNanos = System.nanoTime();

    double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    double rate(int done) {
        double seconds = seconds();
        return seconds > 0 ? done / seconds : 0;
    }

    /** {@code null} until one image is done (no rate yet). */
    Duration eta(int done, int total) {
        double rate = rate(done);
        if (done == 0 || rate <= 0) {
            return null;
        }
        return Duration.ofMillis(Math.round(1000 * (total - done) / rate));
    }
}

package org.clipfusion.sinks.internal;

import java.time.Duration;

/**
 * Exponential backoff with a cap: {@code initial × 2^failures}, never more than {@code max}. A consumer that is down
 * for hours is then asked at most every {@code max}, and one that blinked is retried at once.
 */
record Backoff(Duration initial, Duration max) {
    Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, got initial " + initial + ", max "
                    + max);
        }
    }

    /** The wait after {@code failures} consecutive failures (1 for the first). */
    Duration delayAfter(int failures) {
        Duration delay = initial;
        for (int i = 1; i < failures && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }
}

package org.clipfusion.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aBurstThenTheSustainedRatePerClient() {
        RateLimiter limiter = new RateLimiter(2, 3); // 3 at once, then one every 0.5 s
        long t = 1_000 * SECOND;
        for (int i = 0; i < 3; i++) {
            assertEquals(0, limiter.acquire("a", t));
        }
        assertTrue(limiter.acquire("a", t) > 0);
        assertEquals(0, limiter.acquire("b", t), "clients have their own buckets");
        assertEquals(0, limiter.acquire("a", t + SECOND / 2));
        assertTrue(limiter.acquire("a", t + SECOND / 2) > 0);
        for (int i = 0; i < 3; i++) {
            assertEquals(0, limiter.acquire("a", t + 10 * SECOND), "refilled to the burst, no more");
        }
        assertTrue(limiter.acquire("a", t + 10 * SECOND) > 0);
    }

    @Test
    void aRateOfZeroMeansNoLimit() {
        RateLimiter limiter = new RateLimiter(0, 1);
        for (int i = 0; i < 100; i++) {
            assertEquals(0, limiter.acquire("a", 0));
        }
    }
}

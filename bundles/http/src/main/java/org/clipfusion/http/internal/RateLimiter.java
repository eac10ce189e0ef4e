package org.clipfusion.http.internal;

import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per client (token name, or remote address for requests without a token): {@code burst} requests at
 * once, then {@code perSecond}. Buckets of clients idle long enough to be full again are dropped.
 */
final class RateLimiter {
    private final double perSecond;
    private final int burst;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long updated;

        Bucket(double tokens, long updated) {
            this.tokens = tokens;
            this.updated = updated;
        }
    }

    RateLimiter(double perSecond, int burst) {
        this.perSecond = perSecond;
        this.burst = Math.max(1, burst);
    }

    /** @return 0 when allowed, else the seconds to wait before the next request would be allowed */
    long acquire(String client, long nowNanos) {
        if (!(perSecond > 0)) {
            return 0;
        }
        if (buckets.size() > 10_000) {
            long full = (long) (burst / perSecond * 1e9);
            buckets.values().removeIf(b -> nowNanos - b.updated > full);
        }
        Bucket bucket = buckets.computeIfAbsent(client, c -> new Bucket(burst, nowNanos));
        synchronized (bucket) {
            bucket.tokens = Math.min(burst, bucket.tokens + (nowNanos - bucket.updated) / 1e9 * perSecond);
            bucket.updated = nowNanos;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - bucket.tokens) / perSecond);
        }
    }
}

package dev.codeexec.api.admission;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One token bucket per key, refilled continuously at a fixed rate. In memory: per API instance. */
final class TokenBuckets {

    private static final int MAX_KEYS = 100_000;
    private final double perSecond;
    private final double burst;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    TokenBuckets(double perSecond, double burst) {
        this.perSecond = perSecond;
        this.burst = Math.max(burst, 1);
    }

    /** Takes {@code n} tokens; returns 0 when taken, else the seconds until they would be there. */
    long take(String key, int n, long nowNanos) {
        if (buckets.size() > MAX_KEYS) {
            buckets.clear();
        }
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(burst, nowNanos));
        synchronized (bucket) {
            double elapsed = (nowNanos - bucket.at) / 1e9;
            bucket.tokens = Math.min(burst, bucket.tokens + elapsed * perSecond);
            bucket.at = nowNanos;
            if (bucket.tokens >= n) {
                bucket.tokens -= n;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((n - bucket.tokens) / perSecond));
        }
    }

    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }
}

package dev.codeexec.api.stats;

import java.time.Instant;

/** One statistics window as {@code GET /api/v1/stats} shows it; times are wall times in milliseconds. */
public record StatsWindowView(
        String language,
        String verdict,
        String window,
        Instant windowStart,
        Instant windowEnd,
        long count,
        long p50WallTimeMs,
        long p95WallTimeMs,
        long p99WallTimeMs) {
}

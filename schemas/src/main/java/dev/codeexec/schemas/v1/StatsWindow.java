package dev.codeexec.schemas.v1;

import dev.codeexec.schemas.Verdict;
import java.time.Instant;

/**
 * Counts and run-time percentiles of results for one language and verdict over one tumbling
 * window: the record on {@link dev.codeexec.schemas.Topics#STATS}. {@code window} is {@code 1m}
 * or {@code 1h}. Times are wall times of the summary run, in milliseconds.
 */
public record StatsWindow(
        int schemaVersion,
        String language,
        Verdict verdict,
        String window,
        Instant windowStart,
        Instant windowEnd,
        long count,
        long p50WallTimeMs,
        long p95WallTimeMs,
        long p99WallTimeMs) {

    public static final int VERSION = 1;
}

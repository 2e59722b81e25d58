package dev.codeexec.sink.retention;

import dev.codeexec.storage.ObjectKeys;
import dev.codeexec.storage.ObjectStorePort;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Deletes submissions older than the retention period: their objects first, then their rows, in
 * batches. If it stops half-way the rows are still there and the next run finishes the job, so
 * no object is ever left without a row pointing at it. Statistics windows that ended before the
 * same cutoff are deleted too.
 */
public final class PurgeExpired {

    private final ExpiredSubmissionsPort rows;
    private final ObjectStorePort objects;
    private final Duration retention;
    private final int batchSize;
    private final Clock clock;

    public PurgeExpired(ExpiredSubmissionsPort rows, ObjectStorePort objects, Duration retention, int batchSize,
            Clock clock) {
        this.rows = rows;
        this.objects = objects;
        this.retention = retention;
        this.batchSize = batchSize;
        this.clock = clock;
    }

    /** What one run deleted. */
    public record Purged(int submissions, int statsWindows) {
    }

    /** Runs once. */
    public Purged run() {
        Instant cutoff = clock.instant().minus(retention);
        return new Purged(purgeSubmissions(cutoff), rows.deleteStatsWindowsEndedBefore(cutoff));
    }

    private int purgeSubmissions(Instant cutoff) {
        int deleted = 0;
        while (true) {
            List<String> ids = rows.expiredBefore(cutoff, batchSize);
            if (ids.isEmpty()) {
                return deleted;
            }
            for (String id : ids) {
                objects.deleteByPrefix(ObjectKeys.submission(id));
            }
            rows.delete(ids);
            deleted += ids.size();
            if (ids.size() < batchSize) {
                return deleted;
            }
        }
    }
}

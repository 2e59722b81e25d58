package dev.codeexec.sink.retention;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** The rows the retention job finds and deletes. */
public interface ExpiredSubmissionsPort {

    /** Up to {@code limit} ids of submissions finished (or, unfinished, created) before {@code cutoff}, oldest first. */
    List<String> expiredBefore(Instant cutoff, int limit);

    /** Deletes the submissions and everything that hangs off them (runs, history, webhook attempts). */
    void delete(Collection<String> submissionIds);

    /** Deletes the statistics windows ({@code stats_windows}) that ended before {@code cutoff}; returns how many. */
    int deleteStatsWindowsEndedBefore(Instant cutoff);
}

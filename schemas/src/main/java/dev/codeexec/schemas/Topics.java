package dev.codeexec.schemas;

import java.util.List;

/**
 * The Kafka topics of codeexec, in one place. Every record is keyed by its submission id, so all
 * records of one submission land on the same partition and stay in order.
 */
public final class Topics {

    /** Submissions to run ({@link dev.codeexec.schemas.v1.Submission}); partitions are the scaling knob of executors. */
    public static final String SUBMISSIONS = "codeexec.submissions.v1";
    /** One result per submission ({@link dev.codeexec.schemas.v1.ExecutionResult}). */
    public static final String RESULTS = "codeexec.results.v1";
    /** Lifecycle events: QUEUED, RUNNING, COMPLETED ({@link dev.codeexec.schemas.v1.StatusEvent}). */
    public static final String STATUS = "codeexec.status.v1";
    /** Submission records that could not be read, with the reason in headers (see {@link DeadLetterHeaders}). */
    public static final String SUBMISSIONS_DLT = "codeexec.submissions.v1.dlt";
    /** Windowed statistics per language and verdict ({@link dev.codeexec.schemas.v1.StatsWindow}). */
    public static final String STATS = "codeexec.stats.v1";

    /** Default partition count when topics are created at start-up. */
    public static final int DEFAULT_PARTITIONS = 6;

    private Topics() {
    }

    /** All topics codeexec creates at start-up. */
    public static List<String> all() {
        return List.of(SUBMISSIONS, RESULTS, STATUS, SUBMISSIONS_DLT, STATS);
    }
}

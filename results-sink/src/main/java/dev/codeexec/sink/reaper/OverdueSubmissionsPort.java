package dev.codeexec.sink.reaper;

import dev.codeexec.schemas.SubmissionStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** The submissions the reaper looks at, in PostgreSQL. */
public interface OverdueSubmissionsPort {

    /**
     * Up to {@code limit} submissions still QUEUED or RUNNING whose deadline (theirs, or
     * {@code createdAt + defaultBound} for one without) is before {@code cutoff}, oldest first.
     */
    List<Overdue> overdue(Instant cutoff, java.time.Duration defaultBound, int limit);

    /** Whether the submission is still QUEUED or RUNNING (read again right before it is finished). */
    boolean isOpen(String id);

    /**
     * Runs {@code work} while holding the reaper's lock, so that of several sinks only one reaps at
     * a time; empty when another holds it.
     */
    <T> Optional<T> exclusively(Supplier<T> work);

    /** An overdue submission, with what its terminal result repeats from its row. */
    record Overdue(String id, String tenant, String language, SubmissionStatus status, Instant createdAt,
            Instant deadline, Map<String, String> metadata, String callbackUrl) {
    }
}

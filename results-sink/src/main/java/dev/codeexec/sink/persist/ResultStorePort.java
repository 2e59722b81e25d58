package dev.codeexec.sink.persist;

import dev.codeexec.schemas.v1.StatusEvent;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The rows of submissions, runs and status history. Every write is an idempotent upsert: the
 * same call twice leaves the same rows, and status never moves backwards. Throws
 * {@link UnstorableRecordException} when the database refuses the data itself (the same call would
 * fail again), and Spring's {@code DataAccessException} when it cannot be reached (the caller
 * retries).
 */
public interface ResultStorePort {

    /** Which of {@code submissionIds} already have their result stored. */
    Set<String> withResult(Collection<String> submissionIds);

    /** Stores the results (submission rows as COMPLETED, their runs, history) in one transaction. */
    void saveResults(List<StoredResult> results);

    /** Applies status events (creating rows that do not exist yet) in one transaction. */
    void saveStatuses(List<StatusEvent> events);

    /**
     * Makes a submission without a verdict COMPLETED with {@code INTERNAL_ERROR} and {@code detail};
     * creates its row under {@code tenant} when there is none, or only updates one when
     * {@code tenant} is empty. Returns whether a row changed.
     */
    boolean saveInternalError(String submissionId, Optional<String> tenant, String detail);
}

package dev.codeexec.sink.persist;

import dev.codeexec.schemas.kafka.StorableText;
import dev.codeexec.schemas.v1.Submission;
import java.util.Optional;

/**
 * Finishes a submission whose result cannot be stored: its row becomes COMPLETED with verdict
 * {@code INTERNAL_ERROR} and the reason, so a client polling it sees a terminal answer instead of
 * RUNNING forever. A row that already has a verdict keeps it. Without the result's tenant (the
 * record could not even be read) only an existing row is finished; no row is made up.
 */
public final class FailUnstoredResult {

    private static final int MAX_REASON_CHARS = 1000;

    private final ResultStorePort rows;

    public FailUnstoredResult(ResultStorePort rows) {
        this.rows = rows;
    }

    /** Finishes {@code submissionId} (the record's key) with INTERNAL_ERROR; returns whether a row was written. */
    public boolean fail(String submissionId, Optional<String> tenant, String reason) {
        if (!Submission.isValidId(submissionId)) {
            return false;
        }
        String cleaned = StorableText.clean(reason == null ? "unknown" : reason);
        String detail = "internal error: the result could not be stored: "
                + (cleaned.length() <= MAX_REASON_CHARS ? cleaned : cleaned.substring(0, MAX_REASON_CHARS) + "...");
        return rows.saveInternalError(submissionId, tenant.map(StorableText::clean), detail);
    }
}

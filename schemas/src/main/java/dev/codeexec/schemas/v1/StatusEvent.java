package dev.codeexec.schemas.v1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.codeexec.schemas.SubmissionStatus;
import java.time.Instant;
import java.util.Map;

/**
 * A step in a submission's lifecycle: the record on {@link dev.codeexec.schemas.Topics#STATUS}.
 * While a submission with several test cases runs, the executor sends one more RUNNING event as
 * each test case starts, with {@code testCase} (0-based, as in the result's runs) and
 * {@code testCases} (how many there are); both are absent otherwise.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StatusEvent(
        int schemaVersion,
        String submissionId,
        String tenant,
        SubmissionStatus status,
        Instant at,
        String executorId,
        Map<String, String> metadata,
        Integer testCase,
        Integer testCases) {

    public static final int VERSION = 1;

    /** A status change with no test-case progress. */
    public StatusEvent(int schemaVersion, String submissionId, String tenant, SubmissionStatus status, Instant at,
            String executorId, Map<String, String> metadata) {
        this(schemaVersion, submissionId, tenant, status, at, executorId, metadata, null, null);
    }

    /** Whether this event says which test case has started. */
    @JsonIgnore
    public boolean isProgress() {
        return testCase != null && testCases != null;
    }
}

package dev.codeexec.schemas.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.codeexec.schemas.SubmissionStatus;
import java.time.Instant;
import java.util.Map;

/** A step in a submission's lifecycle: the record on {@link dev.codeexec.schemas.Topics#STATUS}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StatusEvent(
        int schemaVersion,
        String submissionId,
        String tenant,
        SubmissionStatus status,
        Instant at,
        String executorId,
        Map<String, String> metadata) {

    public static final int VERSION = 1;
}

package dev.codeexec.api.submission;

import dev.codeexec.schemas.SubmissionStatus;
import java.time.Instant;
import java.util.List;

/** A submission row and its runs, as PostgreSQL holds them. Outputs are the exact bytes kept inline. */
public record StoredSubmission(
        String id,
        String tenant,
        String language,
        String status,
        String verdict,
        String verdictDetail,
        Integer exitCode,
        String signal,
        String timeLimit,
        Long cpuTimeMs,
        Long wallTimeMs,
        Long memoryKb,
        String compileJson,
        String metadataJson,
        Instant createdAt,
        Instant finishedAt,
        List<StoredRun> runs) {

    /** One test case's run. {@code *Object} names the full output in object storage, when it is there. */
    public record StoredRun(
            int testCase,
            String verdict,
            String verdictDetail,
            Integer exitCode,
            String signal,
            String timeLimit,
            long cpuTimeMs,
            long wallTimeMs,
            long memoryKb,
            byte[] stdout,
            boolean stdoutTruncated,
            int stdoutSize,
            String stdoutObject,
            byte[] stderr,
            boolean stderrTruncated,
            int stderrSize,
            String stderrObject) {

        public boolean failed() {
            return !"ACCEPTED".equals(verdict);
        }
    }

    public boolean completed() {
        return SubmissionStatus.COMPLETED.name().equals(status);
    }
}

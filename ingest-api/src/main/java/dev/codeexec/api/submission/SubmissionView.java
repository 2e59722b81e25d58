package dev.codeexec.api.submission;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A submission as {@code GET /api/v1/submissions/{id}} shows it. The result fields are present
 * once it is COMPLETED; they summarise the first failing run, else the first run. Outputs are
 * text ({@code *Encoding = utf8}) or base64 ({@code base64}) of the exact bytes.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SubmissionView(
        String id,
        String status,
        String language,
        Instant createdAt,
        Instant finishedAt,
        String verdict,
        String verdictDetail,
        String stdout,
        String stdoutEncoding,
        Boolean stdoutTruncated,
        String stderr,
        String stderrEncoding,
        Boolean stderrTruncated,
        Integer exitCode,
        String signal,
        String timeLimit,
        Long cpuTimeMs,
        Long wallTimeMs,
        Long memoryKb,
        JsonNode compile,
        List<RunView> runs,
        JsonNode metadata,
        Map<String, String> links) {

    /** One test case's run. {@code links} point at the full outputs when object storage has them. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RunView(
            int testCase,
            String verdict,
            String verdictDetail,
            Integer exitCode,
            String signal,
            String timeLimit,
            long cpuTimeMs,
            long wallTimeMs,
            long memoryKb,
            String stdout,
            String stdoutEncoding,
            boolean stdoutTruncated,
            int stdoutSize,
            String stderr,
            String stderrEncoding,
            boolean stderrTruncated,
            int stderrSize,
            Map<String, String> links) {
    }
}

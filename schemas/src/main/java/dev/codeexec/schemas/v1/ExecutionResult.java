package dev.codeexec.schemas.v1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.codeexec.schemas.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one result of a submission: the record on {@link dev.codeexec.schemas.Topics#RESULTS},
 * keyed by {@link #submissionId()}. {@code verdict} is the first failing run's, or
 * {@code ACCEPTED}; {@code runs} holds one entry per test case that ran (none when the program
 * did not compile or the submission was rejected).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExecutionResult(
        int schemaVersion,
        String submissionId,
        String tenant,
        String language,
        Verdict verdict,
        String verdictDetail,
        CompileOutcome compile,
        List<RunOutcome> runs,
        Map<String, String> metadata,
        String callbackUrl,
        String executorId,
        Instant startedAt,
        Instant finishedAt) {

    public static final int VERSION = 1;

    /** The run that stands for the whole result: the first failing one, else the first one. */
    @JsonIgnore
    public Optional<RunOutcome> summaryRun() {
        if (runs == null || runs.isEmpty()) {
            return Optional.empty();
        }
        return runs.stream().filter(r -> r.verdict().isFailure()).findFirst()
                .or(() -> Optional.of(runs.get(0)));
    }

    @JsonIgnore
    public List<RunOutcome> runsOrEmpty() {
        return runs == null ? List.of() : runs;
    }
}

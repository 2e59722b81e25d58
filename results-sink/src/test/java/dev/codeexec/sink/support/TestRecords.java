package dev.codeexec.sink.support;

import dev.codeexec.schemas.SubmissionStatus;
import dev.codeexec.schemas.Verdict;
import dev.codeexec.schemas.kafka.RecordCodec;
import dev.codeexec.schemas.v1.CompileOutcome;
import dev.codeexec.schemas.v1.ExecutionResult;
import dev.codeexec.schemas.v1.Output;
import dev.codeexec.schemas.v1.RunOutcome;
import dev.codeexec.schemas.v1.StatusEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/** Results and status events as an executor would write them. */
public final class TestRecords {

    private TestRecords() {
    }

    public static RunOutcome run(int testCase, Verdict verdict, byte[] stdout, byte[] stderr) {
        return new RunOutcome(testCase, verdict, null, verdict == Verdict.ACCEPTED ? 0 : 1, null, null,
                3, 5 + testCase, 3400, Output.of(stdout, false), Output.of(stderr, false));
    }

    public static RunOutcome run(int testCase, String stdout) {
        return run(testCase, Verdict.ACCEPTED, stdout.getBytes(StandardCharsets.UTF_8), new byte[0]);
    }

    public static ExecutionResult result(String id, RunOutcome... runs) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Verdict verdict = List.of(runs).stream().map(RunOutcome::verdict).filter(Verdict::isFailure)
                .findFirst().orElse(Verdict.ACCEPTED);
        return new ExecutionResult(ExecutionResult.VERSION, id, "acme", "cpp", verdict, null,
                new CompileOutcome(false, 0, null, 400, 420, 61000, Output.empty()),
                List.of(runs), Map.of("course", "algo-101"), null, "executor-1", now.minusMillis(50), now);
    }

    public static StatusEvent status(String id, SubmissionStatus status) {
        return new StatusEvent(StatusEvent.VERSION, id, "acme", status,
                Instant.now().truncatedTo(ChronoUnit.MILLIS), "executor-1", null);
    }

    public static byte[] encode(ExecutionResult result) {
        return RecordCodec.RESULT.encode(result);
    }

    public static byte[] encode(StatusEvent event) {
        return RecordCodec.STATUS.encode(event);
    }
}

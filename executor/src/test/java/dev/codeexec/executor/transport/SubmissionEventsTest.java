package dev.codeexec.executor.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeexec.schemas.Verdict;
import dev.codeexec.schemas.kafka.RecordCodec;
import dev.codeexec.schemas.v1.ExecutionResult;
import dev.codeexec.schemas.v1.Output;
import dev.codeexec.schemas.v1.RunOutcome;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubmissionEventsTest {

    @Test
    void aResultThatBreaksTheSchemaStillCompletesAsInternalError() {
        RunOutcome badRun = new RunOutcome(0, Verdict.RUNTIME_ERROR, "killed", null, "KILL", null, 1, 1, 1,
                Output.empty(), Output.empty());
        ExecutionResult bad = new ExecutionResult(ExecutionResult.VERSION, "s-1", "default", "c", Verdict.RUNTIME_ERROR,
                "killed", null, List.of(badRun), Map.of("k", "v"), null, "exec", Instant.EPOCH, Instant.EPOCH);

        ExecutionResult written = RecordCodec.RESULT.decode(SubmissionEvents.encode(bad));

        assertThat(written.verdict()).isEqualTo(Verdict.INTERNAL_ERROR);
        assertThat(written.submissionId()).isEqualTo("s-1");
        assertThat(written.metadata()).containsEntry("k", "v");
        assertThat(written.runs()).isEmpty();
    }

    @Test
    void aValidResultIsWrittenAsItIs() {
        ExecutionResult good = new ExecutionResult(ExecutionResult.VERSION, "s-2", "default", "python", Verdict.ACCEPTED,
                null, null, List.of(), null, null, "exec", Instant.EPOCH, Instant.EPOCH);

        assertThat(RecordCodec.RESULT.decode(SubmissionEvents.encode(good))).isEqualTo(good);
    }

    @Test
    void aResultTooLargeForItsTopicLosesItsOutputsNotItsVerdict() {
        String big = "x".repeat(600_000);
        RunOutcome run = new RunOutcome(0, Verdict.ACCEPTED, null, 0, null, null, 1, 1, 1,
                new Output(big, Output.UTF8, false), new Output(big, Output.UTF8, false));
        ExecutionResult huge = new ExecutionResult(ExecutionResult.VERSION, "s-3", "default", "python", Verdict.ACCEPTED,
                null, null, List.of(run), Map.of("k", "v"), null, "exec", Instant.EPOCH, Instant.EPOCH);

        byte[] bytes = SubmissionEvents.encode(huge);
        ExecutionResult written = RecordCodec.RESULT.decode(bytes);

        assertThat(bytes.length).isLessThanOrEqualTo(SubmissionEvents.MAX_RESULT_BYTES);
        assertThat(written.verdict()).isEqualTo(Verdict.ACCEPTED);
        assertThat(written.metadata()).containsEntry("k", "v");
        assertThat(written.runs().get(0).stdout().truncated()).isTrue();
        assertThat(written.runs().get(0).stdout().data()).isEmpty();
        assertThat(written.runs().get(0).stderr().truncated()).isTrue();
    }
}

package dev.codeexec.executor.transport;

import dev.codeexec.schemas.SubmissionStatus;
import dev.codeexec.schemas.Topics;
import dev.codeexec.schemas.Verdict;
import dev.codeexec.schemas.kafka.RecordCodec;
import dev.codeexec.schemas.v1.CompileOutcome;
import dev.codeexec.schemas.v1.ExecutionResult;
import dev.codeexec.schemas.v1.Output;
import dev.codeexec.schemas.v1.RunOutcome;
import dev.codeexec.schemas.v1.StatusEvent;
import dev.codeexec.schemas.v1.Submission;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Produces what the executor tells the world about a submission. RUNNING goes out at once on a
 * plain producer, so it is visible while the program runs (a duplicate on retry is harmless:
 * status only moves forward). The result and the COMPLETED event go through the transactional
 * producer, inside the listener's transaction, so they become visible together with the
 * consumed offset, exactly once.
 */
public class SubmissionEvents {

    private static final Logger log = LoggerFactory.getLogger(SubmissionEvents.class);

    /** The largest result record: under the producer's default {@code max.request.size} (1 MiB), with room for key and batch. */
    static final int MAX_RESULT_BYTES = 1_000_000;

    private final KafkaTemplate<String, byte[]> transactional;
    private final KafkaTemplate<String, byte[]> immediate;
    private final String executorId;
    private final Clock clock;

    public SubmissionEvents(KafkaTemplate<String, byte[]> transactional, KafkaTemplate<String, byte[]> immediate,
            String executorId, Clock clock) {
        if (!transactional.isTransactional() || immediate.isTransactional()) {
            throw new IllegalArgumentException("results need a transactional template, RUNNING a plain one");
        }
        this.transactional = transactional;
        this.immediate = immediate;
        this.executorId = executorId;
        this.clock = clock;
    }

    /** RUNNING, sent now and outside any transaction. */
    public void running(Submission submission) {
        sendNow(submission, status(submission, SubmissionStatus.RUNNING));
    }

    /** RUNNING with the test case that starts (0-based) and how many there are, sent now like {@link #running}. */
    public void testCaseStarted(Submission submission, int testCase, int testCases) {
        StatusEvent running = status(submission, SubmissionStatus.RUNNING);
        sendNow(submission, new StatusEvent(running.schemaVersion(), running.submissionId(), running.tenant(),
                running.status(), running.at(), running.executorId(), running.metadata(), testCase, testCases));
    }

    private void sendNow(Submission submission, StatusEvent event) {
        immediate.send(Topics.STATUS, submission.id(), RecordCodec.STATUS.encode(event))
                .whenComplete((sent, error) -> {
                    if (error != null) {
                        log.warn("RUNNING status of {} not sent: {}", submission.id(), error.toString());
                    }
                });
    }

    /** The result and COMPLETED, in the current (listener's) transaction. */
    public void completed(Submission submission, ExecutionResult result) {
        transactional.send(Topics.RESULTS, submission.id(), encode(result));
        transactional.send(Topics.STATUS, submission.id(),
                RecordCodec.STATUS.encode(status(submission, SubmissionStatus.COMPLETED)));
    }

    /**
     * The result's record. The output budget keeps it well under {@link #MAX_RESULT_BYTES}; should
     * it still be larger (the last guard: a record over the producer's {@code max.request.size}
     * would abort the transaction and run the submission again, forever), its outputs are
     * dropped and flagged truncated.
     */
    static byte[] encode(ExecutionResult result) {
        byte[] bytes = encodeValid(result);
        if (bytes.length <= MAX_RESULT_BYTES) {
            return bytes;
        }
        log.error("result of {} is {} bytes, over {}: its outputs are dropped", result.submissionId(), bytes.length,
                MAX_RESULT_BYTES);
        return encodeValid(withoutOutputs(result));
    }

    private static ExecutionResult withoutOutputs(ExecutionResult r) {
        CompileOutcome c = r.compile();
        CompileOutcome compile = c == null ? null : new CompileOutcome(c.cached(), c.exitCode(), c.signal(),
                c.cpuTimeMs(), c.wallTimeMs(), c.memoryKb(), dropped(c.output()));
        List<RunOutcome> runs = r.runsOrEmpty().stream().map(o -> new RunOutcome(o.testCase(), o.verdict(),
                o.verdictDetail(), o.exitCode(), o.signal(), o.timeLimit(), o.cpuTimeMs(), o.wallTimeMs(),
                o.memoryKb(), dropped(o.stdout()), dropped(o.stderr()))).toList();
        return new ExecutionResult(r.schemaVersion(), r.submissionId(), r.tenant(), r.language(), r.verdict(),
                r.verdictDetail(), compile, runs, r.metadata(), r.callbackUrl(), r.executorId(), r.startedAt(),
                r.finishedAt());
    }

    private static Output dropped(Output output) {
        return output == null || output.data().isEmpty() ? output : new Output("", Output.UTF8, true);
    }

    /**
     * A result that breaks its own contract is a bug of the executor; retrying cannot fix it, so
     * the submission still completes, as INTERNAL_ERROR without the offending parts.
     */
    private static byte[] encodeValid(ExecutionResult result) {
        try {
            return RecordCodec.RESULT.encode(result);
        } catch (IllegalArgumentException invalid) {
            log.error("result of {} breaks the result schema; reporting INTERNAL_ERROR: {}", result.submissionId(),
                    invalid.getMessage());
            return RecordCodec.RESULT.encode(new ExecutionResult(ExecutionResult.VERSION, result.submissionId(),
                    result.tenant(), result.language(), Verdict.INTERNAL_ERROR,
                    "internal error: the result could not be encoded", null, List.of(), result.metadata(),
                    result.callbackUrl(), result.executorId(), result.startedAt(), result.finishedAt()));
        }
    }

    private StatusEvent status(Submission submission, SubmissionStatus status) {
        return new StatusEvent(StatusEvent.VERSION, submission.id(), submission.tenantOrDefault(), status,
                clock.instant(), executorId, submission.metadata());
    }
}

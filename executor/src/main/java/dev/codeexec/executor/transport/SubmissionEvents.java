package dev.codeexec.executor.transport;

import dev.codeexec.schemas.SubmissionStatus;
import dev.codeexec.schemas.Topics;
import dev.codeexec.schemas.Verdict;
import dev.codeexec.schemas.kafka.RecordCodec;
import dev.codeexec.schemas.v1.ExecutionResult;
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
        immediate.send(Topics.STATUS, submission.id(), RecordCodec.STATUS.encode(status(submission, SubmissionStatus.RUNNING)))
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
     * A result that breaks its own contract is a bug of the executor; retrying cannot fix it, so
     * the submission still completes, as INTERNAL_ERROR without the offending parts.
     */
    static byte[] encode(ExecutionResult result) {
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

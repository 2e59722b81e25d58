package dev.codeexec.executor.transport;

import dev.codeexec.executor.execution.ExecuteSubmission;
import dev.codeexec.executor.health.SandboxWatch;
import dev.codeexec.executor.sandbox.SandboxUnavailableException;
import dev.codeexec.schemas.Topics;
import dev.codeexec.schemas.kafka.RecordCodec;
import dev.codeexec.schemas.kafka.StorableText;
import dev.codeexec.schemas.v1.ExecutionResult;
import dev.codeexec.schemas.v1.Submission;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Consumes submissions, one record per poll on each of the container's {@code slots} threads,
 * so at most {@code slots} submissions run at once (the worker is the container's concurrency).
 * The consumer's {@code max.poll.interval.ms} is sized from the longest run the limits allow, so
 * a long run never costs the partitions; see {@code KafkaConfiguration}.
 *
 * <p>A record that cannot be read throws {@link dev.codeexec.schemas.kafka.InvalidRecordException}
 * and goes to the dead-letter topic; a sandbox that cannot serve throws
 * {@link SandboxUnavailableException}: the transaction rolls back, nothing is published, and the
 * record is retried with back-off while consumption is paused.
 */
public class SubmissionListener {

    /** The listener (container) id, also used to pause and resume it. */
    public static final String ID = "codeexec-executor-submissions";

    private static final Logger log = LoggerFactory.getLogger(SubmissionListener.class);

    private final ExecuteSubmission executeSubmission;
    private final SubmissionEvents events;
    private final SandboxWatch sandboxWatch;
    private final ExecutorMetrics metrics;

    public SubmissionListener(ExecuteSubmission executeSubmission, SubmissionEvents events, SandboxWatch sandboxWatch,
            ExecutorMetrics metrics) {
        this.executeSubmission = executeSubmission;
        this.events = events;
        this.sandboxWatch = sandboxWatch;
        this.metrics = metrics;
    }

    @KafkaListener(id = ID, idIsGroup = false, topics = Topics.SUBMISSIONS, containerFactory = "submissionContainerFactory")
    public void onSubmission(ConsumerRecord<String, byte[]> record) {
        long received = System.nanoTime();
        Submission submission = RecordCodec.SUBMISSION.decode(record.value());
        // status events carry metadata: never text the sink could not store (the result says REJECTED)
        Submission reported = StorableText.storable(submission);
        events.running(reported);
        ExecutionResult result;
        metrics.slotTaken();
        try {
            result = executeSubmission.execute(submission,
                    (testCase, testCases) -> events.testCaseStarted(reported, testCase, testCases));
            sandboxWatch.reportServed();
        } catch (SandboxUnavailableException unavailable) {
            metrics.sandboxUnavailable();
            sandboxWatch.reportUnavailable();
            throw unavailable;
        } finally {
            metrics.slotFreed();
        }
        events.completed(reported, result);
        metrics.result(result, System.nanoTime() - received);
        log.info("submission {} finished: {} ({} ms)", submission.id(), result.verdict(),
                (System.nanoTime() - received) / 1_000_000);
    }
}

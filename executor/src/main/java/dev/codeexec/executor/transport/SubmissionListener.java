package dev.codeexec.executor.transport;

import dev.codeexec.executor.execution.ExecuteSubmission;
import dev.codeexec.executor.health.SandboxWatch;
import dev.codeexec.executor.sandbox.SandboxUnavailableException;
import dev.codeexec.schemas.LogKeys;
import dev.codeexec.schemas.Topics;
import dev.codeexec.schemas.kafka.InvalidRecordException;
import dev.codeexec.schemas.kafka.RecordCodec;
import dev.codeexec.schemas.kafka.StorableText;
import dev.codeexec.schemas.v1.ExecutionResult;
import dev.codeexec.schemas.v1.Submission;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.kafka.support.micrometer.KafkaListenerObservation;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;

/**
 * Consumes submissions in small batches: each of the container's {@code slots} threads takes up
 * to {@code batch-size} records per poll and runs them one after the other, so at most
 * {@code slots} submissions run at once (the worker is the container's concurrency). The results
 * of one batch, and the dead letters of its unreadable records, are sent together at its end, in
 * the container's Kafka transaction with the batch's offsets: one transaction per batch instead
 * of one per submission. That is the point of batching: a transaction (its round trips to the
 * broker, and a marker on every partition it wrote) was a fixed cost of every execution.
 *
 * <p><b>What a batch may cost in latency.</b> A record is started only while the batch is younger
 * than {@code batch-time-ms}; the others go back to the consumer ({@link Acknowledgment#nack}, no
 * sleep) and are the start of the next poll. So a result waits at most that long plus one run for
 * its batch to end, and a lone submission (the unloaded case) is a batch of one. Nothing is sent
 * in the transaction before the last run ends, so the transaction still lasts from the first
 * result to the commit, never a run.
 *
 * <p><b>Failures.</b>
 * <ul>
 * <li>An unreadable record ({@link InvalidRecordException}) is answered by a dead letter in the
 *     batch's transaction; the batch goes on.</li>
 * <li>A run that throws (a sandbox that cannot serve throws {@link SandboxUnavailableException})
 *     ends the batch there. When records ran before it, their results commit and the failed
 *     record is the first of the next poll. When it is the first, the exception leaves the
 *     listener: the transaction rolls back (only the plain RUNNING event went out) and the
 *     after-rollback processor, which treats the first record of the batch as the failed one,
 *     retries it with back-off (forever for an unavailable sandbox, while the listener is paused;
 *     a few times, then a {@code PROCESSING_FAILED} dead letter, for anything else).</li>
 * <li>A failure while sending the batch's results rolls the whole batch back: every record of it
 *     runs again, and the after-rollback processor counts the attempt against its first record.</li>
 * </ul>
 *
 * <p>Each record runs in an observation of its own, child of the trace in its {@code traceparent}
 * header, which is open again while its result is sent: the result and status records, and the
 * log lines of its run, carry the submission's trace. The log context also holds its id.
 */
public class SubmissionListener {

    /** The listener (container) id, also used to pause and resume it. */
    public static final String ID = "codeexec-executor-submissions";

    private static final Logger log = LoggerFactory.getLogger(SubmissionListener.class);

    private final ExecuteSubmission executeSubmission;
    private final SubmissionEvents events;
    private final SandboxWatch sandboxWatch;
    private final ExecutorMetrics metrics;
    private final ConsumerRecordRecoverer deadLetters;
    private final ObservationRegistry observations;
    private final long batchTimeNanos;

    public SubmissionListener(ExecuteSubmission executeSubmission, SubmissionEvents events, SandboxWatch sandboxWatch,
            ExecutorMetrics metrics, ConsumerRecordRecoverer deadLetters, ObservationRegistry observations,
            Duration batchTime) {
        this.executeSubmission = executeSubmission;
        this.events = events;
        this.sandboxWatch = sandboxWatch;
        this.metrics = metrics;
        this.deadLetters = deadLetters;
        this.observations = observations;
        this.batchTimeNanos = batchTime.toNanos();
    }

    @KafkaListener(id = ID, idIsGroup = false, topics = Topics.SUBMISSIONS, containerFactory = "submissionContainerFactory",
            batch = "true")
    public void onSubmissions(List<ConsumerRecord<String, byte[]>> records, Acknowledgment acknowledgment) {
        long started = System.nanoTime();
        List<Answer> answers = new ArrayList<>(records.size());
        try {
            for (int i = 0; i < records.size(); i++) {
                if (i > 0 && System.nanoTime() - started > batchTimeNanos) {
                    acknowledgment.nack(i, Duration.ZERO); // the rest starts the next poll
                    break;
                }
                Observation observation = observation(records.get(i)).start();
                try {
                    answers.add(answer(records.get(i), observation));
                } catch (RuntimeException failure) {
                    observation.error(failure);
                    observation.stop();
                    if (i == 0) {
                        throw failure; // rolled back; the after-rollback processor retries it
                    }
                    acknowledgment.nack(i, Duration.ZERO); // the ones before it commit; it starts the next poll
                    break;
                }
            }
            // the transaction opens at the first of these sends and commits right after the last
            for (Answer answer : answers) {
                answer.send();
            }
        } finally {
            answers.forEach(Answer::close);
        }
    }

    /** Runs one record (or finds it unreadable), in its observation and log context. */
    private Answer answer(ConsumerRecord<String, byte[]> record, Observation observation) {
        try (Observation.Scope scope = observation.openScope(); LogContext context = LogContext.of(record)) {
            Submission submission;
            try {
                submission = RecordCodec.SUBMISSION.decode(record.value());
            } catch (InvalidRecordException unreadable) {
                log.warn("record {}-{}@{} is unreadable ({}): dead-lettered", record.topic(), record.partition(),
                        record.offset(), unreadable.reason());
                return new Answer(observation, record, () -> deadLetters.accept(record, unreadable));
            }
            long received = System.nanoTime();
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
            metrics.result(result, System.nanoTime() - received);
            log.info("submission {} finished: {} ({} ms)", submission.id(), result.verdict(),
                    (System.nanoTime() - received) / 1_000_000);
            return new Answer(observation, record, () -> events.completed(reported, result));
        }
    }

    private Observation observation(ConsumerRecord<String, byte[]> record) {
        return KafkaListenerObservation.LISTENER_OBSERVATION.observation(null,
                KafkaListenerObservation.DefaultKafkaListenerObservationConvention.INSTANCE,
                () -> new KafkaRecordReceiverContext(record, ID, () -> null), observations);
    }

    /** What a record's run produced, sent at the end of its batch in its observation. */
    private record Answer(Observation observation, ConsumerRecord<String, byte[]> record, Runnable sender) {

        void send() {
            try (Observation.Scope scope = observation.openScope(); LogContext context = LogContext.of(record)) {
                sender.run();
            }
        }

        void close() {
            observation.stop();
        }
    }

    /** The submission id (the record's key) in the log context, for as long as it is open. */
    private record LogContext(boolean set) implements AutoCloseable {

        static LogContext of(ConsumerRecord<String, byte[]> record) {
            if (record.key() == null) {
                return new LogContext(false);
            }
            MDC.put(LogKeys.SUBMISSION_ID, record.key());
            return new LogContext(true);
        }

        @Override
        public void close() {
            if (set) {
                MDC.remove(LogKeys.SUBMISSION_ID);
            }
        }
    }
}

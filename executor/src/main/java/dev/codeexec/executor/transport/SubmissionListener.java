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
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.support.micrometer.KafkaListenerObservation;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;

/**
 * Consumes submissions in small batches: each of the container's {@code slots} threads takes up
 * to {@code batch-size} records per poll (8 by default) and runs them one after the other, so at
 * most {@code slots} submissions run at once (the worker is the container's concurrency). The
 * results of one batch, and the dead letters of its unreadable records, are sent together at its
 * end, in the container's Kafka transaction with the batch's offsets: one transaction per batch
 * instead of one per submission, whose round trips to the broker and commit markers were a fixed
 * cost of every execution. Nothing is sent in the transaction before the last run ends, so the
 * transaction lasts from the first result to the commit, never a run.
 *
 * <p>A batch is all or nothing: the listener never commits part of one (spring-kafka's
 * {@code nack} would, but its state outlives a rollback that follows it, and the chaos suite
 * caught a result committed twice that way). So a result waits for the whole batch.
 *
 * <p><b>Failures.</b>
 * <ul>
 * <li>An unreadable record ({@link InvalidRecordException}) is answered by a dead letter in the
 *     batch's transaction; the batch goes on.</li>
 * <li>A run that throws (a sandbox that cannot serve throws {@link SandboxUnavailableException};
 *     anything else a run meets becomes an {@code INTERNAL_ERROR} result) rolls the batch back:
 *     only the plain RUNNING events went out. The after-rollback processor rewinds the batch and
 *     retries it with back-off, forever for an unavailable sandbox, while the listener is paused;
 *     the runs before the failed one run again, and only one result of each is ever visible.</li>
 * <li>A failure while sending the batch's results rolls the whole batch back the same way; the
 *     after-rollback processor counts the attempt against the batch's first record, which is
 *     dead-lettered as {@code PROCESSING_FAILED} after 5 of them.</li>
 * </ul>
 *
 * <p><b>An id answered already.</b> A record whose submission id this executor answered in a
 * batch that committed lately ({@link RecentlyCompleted}), or earlier in the same batch, is
 * skipped: no run, no event, its offset committed with the batch. The sink keeps one result per id,
 * so a second run would change nothing but cost a slot (and show twice on the results topic).
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
    private final RecentlyCompleted completed;

    public SubmissionListener(ExecuteSubmission executeSubmission, SubmissionEvents events, SandboxWatch sandboxWatch,
            ExecutorMetrics metrics, ConsumerRecordRecoverer deadLetters, ObservationRegistry observations,
            RecentlyCompleted completed) {
        this.executeSubmission = executeSubmission;
        this.events = events;
        this.sandboxWatch = sandboxWatch;
        this.metrics = metrics;
        this.deadLetters = deadLetters;
        this.observations = observations;
        this.completed = completed;
    }

    @KafkaListener(id = ID, idIsGroup = false, topics = Topics.SUBMISSIONS, containerFactory = "submissionContainerFactory",
            batch = "true")
    public void onSubmissions(List<ConsumerRecord<String, byte[]>> records) {
        List<Answer> answers = new ArrayList<>(records.size());
        Set<String> answered = new LinkedHashSet<>();
        try {
            for (ConsumerRecord<String, byte[]> record : records) {
                Observation observation = observation(record).start();
                try {
                    answers.add(answer(record, observation, answered));
                } catch (RuntimeException failure) {
                    observation.error(failure);
                    observation.stop();
                    throw failure; // the whole batch rolls back; the after-rollback processor retries it
                }
            }
            // the transaction opens at the first of these sends and commits right after the last
            for (Answer answer : answers) {
                answer.send();
            }
            int skipped = (int) answers.stream().filter(Answer::skipped).count();
            AfterCommit.run(() -> {
                completed.addAll(answered);
                if (skipped > 0) {
                    metrics.duplicatesSkipped(skipped);
                }
            });
        } finally {
            answers.forEach(Answer::close);
        }
    }

    /**
     * Runs one record (or finds it unreadable, or its submission answered already in this batch or
     * lately), in its observation and log context; adds the id of a submission it runs to {@code answered}.
     */
    private Answer answer(ConsumerRecord<String, byte[]> record, Observation observation, Set<String> answered) {
        try (Observation.Scope scope = observation.openScope(); LogContext context = LogContext.of(record)) {
            Submission submission;
            try {
                submission = RecordCodec.SUBMISSION.decode(record.value());
            } catch (InvalidRecordException unreadable) {
                log.warn("record {}-{}@{} is unreadable ({}): dead-lettered", record.topic(), record.partition(),
                        record.offset(), unreadable.reason());
                return new Answer(observation, record, () -> deadLetters.accept(record, unreadable), false);
            }
            if (answered.contains(submission.id()) || completed.contains(submission.id())) {
                log.info("record {}-{}@{} skipped: submission {} was answered lately, by this executor", record.topic(),
                        record.partition(), record.offset(), submission.id());
                return new Answer(observation, record, () -> { }, true);
            }
            answered.add(submission.id());
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
            return new Answer(observation, record, () -> events.completed(reported, result), false);
        }
    }

    private Observation observation(ConsumerRecord<String, byte[]> record) {
        return KafkaListenerObservation.LISTENER_OBSERVATION.observation(null,
                KafkaListenerObservation.DefaultKafkaListenerObservationConvention.INSTANCE,
                () -> new KafkaRecordReceiverContext(record, ID, () -> null), observations);
    }

    /** What a record's run produced, sent at the end of its batch in its observation. */
    private record Answer(Observation observation, ConsumerRecord<String, byte[]> record, Runnable sender, boolean skipped) {

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

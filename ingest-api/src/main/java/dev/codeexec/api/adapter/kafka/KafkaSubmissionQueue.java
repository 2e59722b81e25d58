package dev.codeexec.api.adapter.kafka;

import dev.codeexec.api.submission.SubmissionQueuePort;
import dev.codeexec.schemas.Topics;
import dev.codeexec.schemas.json.Json;
import dev.codeexec.schemas.v1.Submission;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.KafkaException;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Publishes submissions to {@link Topics#SUBMISSIONS}, keyed by id, with an idempotent acks=all
 * producer, and waits (bounded) for the broker's acknowledgements. The records of one call (a
 * batch's items) are all handed to the producer first, so they travel in one produce request per
 * partition leader, and their acknowledgements are awaited within one timeout, not one each.
 * Submissions reach it only through {@code SubmissionFactory}, which checked them against the v1
 * contract. The template is observed, so a record carries the trace context of the request that
 * submitted it (a {@code traceparent} header) and the executor's work joins that trace.
 */
public final class KafkaSubmissionQueue implements SubmissionQueuePort {

    private final KafkaTemplate<String, byte[]> template;
    private final Duration timeout;

    /** @param timeout the longest wait for the acknowledgements (the producer's own timeouts are set from it too) */
    public KafkaSubmissionQueue(KafkaTemplate<String, byte[]> template, Duration timeout) {
        this.template = template;
        this.timeout = timeout;
    }

    @Override
    public Map<String, QueueUnavailableException> publish(List<Submission> submissions) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout.toMillis() + 1_000);
        Map<String, QueueUnavailableException> refused = new LinkedHashMap<>();
        Map<String, CompletableFuture<?>> sent = new LinkedHashMap<>();
        QueueUnavailableException notTaken = null;
        for (Submission submission : submissions) {
            if (notTaken != null) {
                // the producer could not take a record within its own bound (no metadata, a full
                // buffer): the rest of the call would wait as long again, each, for the same reason
                refused.put(submission.id(), notTaken);
                continue;
            }
            // SubmissionFactory already checked it against the schema (RecordCodec.check); skip a second pass
            byte[] value = Json.mapper().writeValueAsBytes(submission);
            try {
                sent.put(submission.id(), template.send(Topics.SUBMISSIONS, submission.id(), value));
            } catch (KafkaException | org.springframework.kafka.KafkaException e) {
                notTaken = new QueueUnavailableException("Kafka did not take the record in time: " + e, e);
                refused.put(submission.id(), notTaken);
            }
        }
        for (Map.Entry<String, CompletableFuture<?>> record : sent.entrySet()) {
            QueueUnavailableException failure = awaitAck(record.getValue(), deadline);
            if (failure != null) {
                refused.put(record.getKey(), failure);
            }
        }
        return refused;
    }

    /** Null once the broker acknowledged the record, else why it did not by the deadline. */
    private static QueueUnavailableException awaitAck(CompletableFuture<?> ack, long deadline) {
        try {
            ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return null;
        } catch (ExecutionException e) {
            return new QueueUnavailableException("Kafka refused or did not acknowledge: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            return new QueueUnavailableException("Kafka did not acknowledge in time: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new QueueUnavailableException("interrupted while waiting for Kafka", e);
        }
    }
}

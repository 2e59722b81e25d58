package dev.codeexec.api.adapter.kafka;

import dev.codeexec.api.submission.SubmissionQueuePort;
import dev.codeexec.schemas.Topics;
import dev.codeexec.schemas.json.Json;
import dev.codeexec.schemas.v1.Submission;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.KafkaException;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Publishes submissions to {@link Topics#SUBMISSIONS}, keyed by id, with an idempotent acks=all
 * producer, and waits (bounded) for the broker's acknowledgement. Submissions reach it only
 * through {@code SubmissionFactory}, which checked them against the v1 contract. The template is
 * observed, so a record carries the trace context of the request that submitted it (a
 * {@code traceparent} header) and the executor's work joins that trace.
 */
public final class KafkaSubmissionQueue implements SubmissionQueuePort {

    private final KafkaTemplate<String, byte[]> template;
    private final Duration timeout;

    /** @param timeout the longest wait for an acknowledgement (the producer's own timeouts are set from it too) */
    public KafkaSubmissionQueue(KafkaTemplate<String, byte[]> template, Duration timeout) {
        this.template = template;
        this.timeout = timeout;
    }

    @Override
    public void publish(Submission submission) {
        // SubmissionFactory already checked it against the schema (RecordCodec.check); skip a second pass
        byte[] value = Json.mapper().writeValueAsBytes(submission);
        try {
            template.send(Topics.SUBMISSIONS, submission.id(), value)
                    .get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new QueueUnavailableException("Kafka refused or did not acknowledge: " + e.getCause(), e.getCause());
        } catch (TimeoutException | KafkaException | org.springframework.kafka.KafkaException e) {
            throw new QueueUnavailableException("Kafka did not acknowledge in time: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueueUnavailableException("interrupted while waiting for Kafka", e);
        }
    }
}

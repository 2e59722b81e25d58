package dev.codeexec.executor.transport;

import dev.codeexec.schemas.DeadLetterHeaders;
import dev.codeexec.schemas.Topics;
import dev.codeexec.schemas.kafka.InvalidRecordException;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

/**
 * Sends a submission record that cannot be processed to {@link Topics#SUBMISSIONS_DLT}, value and
 * key unchanged (cut to fit a producer request when larger, see {@link DeadLetterHeaders#fitted}),
 * with the {@link DeadLetterHeaders}, and counts it once its transaction commits. The reason is the
 * {@link InvalidRecordException.Reason} name, or {@value #PROCESSING_FAILED} for a readable
 * record whose processing kept failing (e.g. its result could not be produced).
 */
public final class DeadLetters {

    /** Reason header of a readable record given up on after its retries. */
    public static final String PROCESSING_FAILED = "PROCESSING_FAILED";

    private static final int MAX_DETAIL_CHARS = 2000;

    private DeadLetters() {
    }

    public static ConsumerRecordRecoverer recoverer(KafkaOperations<String, byte[]> template, ExecutorMetrics metrics) {
        DeadLetterPublishingRecoverer publisher = new DeadLetterPublishingRecoverer(template,
                // a negative partition lets the key choose it, so the DLT may have any partition count
                (record, exception) -> new TopicPartition(Topics.SUBMISSIONS_DLT, -1)) {
            @Override
            protected ProducerRecord<Object, Object> createProducerRecord(ConsumerRecord<?, ?> record,
                    TopicPartition partition, Headers headers, byte[] key, byte[] value) {
                // a record the broker took may be over this producer's request size: cut, never stall
                return DeadLetterHeaders.fitted(super.createProducerRecord(record, partition, headers, key, value));
            }
        };
        publisher.setHeadersFunction(DeadLetters::headers);
        return (record, exception) -> {
            publisher.accept(record, exception);
            String reason = reason(exception);
            // counted once: a batch that rolls back sends its dead letters again when it runs again
            AfterCommit.run(() -> metrics.deadLetter(reason));
        };
    }

    static Headers headers(ConsumerRecord<?, ?> record, Exception exception) {
        return DeadLetterHeaders.of(record, reason(exception), detail(exception));
    }

    static String reason(Exception exception) {
        return invalidRecord(exception).map(e -> e.reason().name()).orElse(PROCESSING_FAILED);
    }

    private static String detail(Exception exception) {
        String detail = invalidRecord(exception).map(InvalidRecordException::detail)
                .orElseGet(() -> String.valueOf(rootCause(exception)));
        return detail.length() <= MAX_DETAIL_CHARS ? detail : detail.substring(0, MAX_DETAIL_CHARS) + "...";
    }

    /** The {@link InvalidRecordException} behind the listener's wrapping exceptions, if any. */
    public static Optional<InvalidRecordException> invalidRecord(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof InvalidRecordException invalid) {
                return Optional.of(invalid);
            }
        }
        return Optional.empty();
    }

    private static Throwable rootCause(Throwable exception) {
        Throwable t = exception;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}

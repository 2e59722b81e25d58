package dev.codeexec.sink.kafka;

import dev.codeexec.schemas.DeadLetterHeaders;
import dev.codeexec.schemas.LogKeys;
import dev.codeexec.schemas.Topics;
import dev.codeexec.schemas.kafka.InvalidRecordException;
import dev.codeexec.schemas.kafka.RecordCodec;
import dev.codeexec.sink.observability.SinkMetrics;
import dev.codeexec.sink.persist.FailUnstoredResult;
import dev.codeexec.sink.persist.UnstorableRecordException;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

/**
 * What becomes of a record the sink gives up on: it goes to {@code <topic>.dlt}, key and value
 * unchanged, with the {@link DeadLetterHeaders} (reason: the {@link InvalidRecordException.Reason}
 * of a record that cannot be read, or {@value #NOT_STORABLE} for one the database refused), and a
 * result's submission is finished with {@code INTERNAL_ERROR} and the reason first
 * ({@link FailUnstoredResult}), so it never stays RUNNING. Published by spring-kafka's
 * {@link DeadLetterPublishingRecoverer}, which waits for the broker's acknowledgement before the
 * offset moves on. Each is counted ({@link SinkMetrics}).
 */
public final class DeadLetters {

    /** Suffix of every dead-letter topic. */
    public static final String SUFFIX = ".dlt";
    /** Reason header of a record the database refused after its retries. */
    public static final String NOT_STORABLE = "NOT_STORABLE";

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
    private static final int MAX_DETAIL_CHARS = 2000;

    private DeadLetters() {
    }

    public static String topicFor(String topic) {
        return topic + SUFFIX;
    }

    public static ConsumerRecordRecoverer recoverer(KafkaOperations<String, byte[]> template, FailUnstoredResult failUnstored,
            SinkMetrics metrics) {
        // a negative partition lets the key choose it, so a DLT may have any partition count
        DeadLetterPublishingRecoverer publisher = new DeadLetterPublishingRecoverer(template,
                (record, exception) -> new TopicPartition(topicFor(record.topic()), -1)) {
            @Override
            protected ProducerRecord<Object, Object> createProducerRecord(ConsumerRecord<?, ?> record,
                    TopicPartition partition, Headers headers, byte[] key, byte[] value) {
                // a record produced straight to the topic may be over this producer's request size
                return DeadLetterHeaders.fitted(super.createProducerRecord(record, partition, headers, key, value));
            }
        };
        publisher.setHeadersFunction(DeadLetters::headers);
        return (record, exception) -> {
            // the key is the submission id: its log lines carry it
            try (MDC.MDCCloseable logContext = MDC.putCloseable(LogKeys.SUBMISSION_ID, String.valueOf(key(record)))) {
                deadLetter(record, exception, publisher, failUnstored, metrics);
            }
        };
    }

    private static void deadLetter(ConsumerRecord<?, ?> record, Exception exception,
            DeadLetterPublishingRecoverer publisher, FailUnstoredResult failUnstored, SinkMetrics metrics) {
        if (Topics.RESULTS.equals(record.topic())) {
            boolean finished = failUnstored.fail(key(record), tenant(record), reason(exception) + ": " + detail(exception));
            log.warn("result {} at {}-{}@{} goes to the dead-letter topic ({}); submission finished as INTERNAL_ERROR: {}",
                    record.key(), record.topic(), record.partition(), record.offset(), reason(exception), finished);
        } else {
            log.warn("record at {}-{}@{} goes to the dead-letter topic: {}", record.topic(), record.partition(),
                    record.offset(), reason(exception));
        }
        publisher.accept(record, exception);
        metrics.deadLetter(record.topic(), reason(exception));
    }

    /** True when {@code e} (or a cause) says the database refused the record itself. */
    public static boolean unstorable(Throwable e) {
        return cause(e, UnstorableRecordException.class).isPresent();
    }

    /** True when {@code e} (or a cause) says the record cannot be read. */
    public static boolean unreadable(Throwable e) {
        return cause(e, InvalidRecordException.class).isPresent();
    }

    static Headers headers(ConsumerRecord<?, ?> record, Exception exception) {
        return DeadLetterHeaders.of(record, reason(exception), detail(exception));
    }

    private static String key(ConsumerRecord<?, ?> record) {
        return record.key() instanceof String key ? key : null;
    }

    private static Optional<String> tenant(ConsumerRecord<?, ?> record) {
        if (!(record.value() instanceof byte[] value)) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(RecordCodec.RESULT.decode(value).tenant());
        } catch (InvalidRecordException unreadable) {
            return Optional.empty();
        }
    }

    private static String reason(Exception exception) {
        return cause(exception, InvalidRecordException.class).map(e -> e.reason().name()).orElse(NOT_STORABLE);
    }

    private static String detail(Exception exception) {
        String detail = cause(exception, InvalidRecordException.class).map(InvalidRecordException::detail)
                .or(() -> cause(exception, UnstorableRecordException.class).map(Throwable::getMessage))
                .orElseGet(() -> String.valueOf(exception));
        return detail.length() <= MAX_DETAIL_CHARS ? detail : detail.substring(0, MAX_DETAIL_CHARS) + "...";
    }

    private static <T extends Throwable> Optional<T> cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return Optional.of(type.cast(t));
            }
        }
        return Optional.empty();
    }
}

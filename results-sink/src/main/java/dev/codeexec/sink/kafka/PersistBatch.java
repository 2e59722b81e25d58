package dev.codeexec.sink.kafka;

import dev.codeexec.schemas.kafka.RecordCodec;
import dev.codeexec.sink.health.DependencyHealth;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every persisting listener does with a batch: decode it, persist the records it can read,
 * dead-letter the others, and report the listener's health. A failure is reported DOWN and
 * rethrown, so the container's error handler retries the same batch with back-off and commits no
 * offset until a call returns.
 */
final class PersistBatch {

    private static final Logger log = LoggerFactory.getLogger(PersistBatch.class);

    private final String listenerId;
    private final DeadLetters deadLetters;
    private final DependencyHealth health;

    PersistBatch(String listenerId, DeadLetters deadLetters, DependencyHealth health) {
        this.listenerId = listenerId;
        this.deadLetters = deadLetters;
        this.health = health;
    }

    <T> void handle(List<ConsumerRecord<String, byte[]>> records, RecordCodec<T> codec, Consumer<List<T>> persist) {
        Decoded<T> decoded = Decoded.of(records, codec);
        try {
            persist.accept(decoded.values());
            deadLetters.publish(decoded.rejected());
        } catch (RuntimeException e) {
            health.failed(listenerId, e);
            log.warn("{} cannot persist a batch of {} records yet, will retry: {}", listenerId, records.size(), e.toString());
            throw e;
        }
        health.succeeded(listenerId);
    }
}

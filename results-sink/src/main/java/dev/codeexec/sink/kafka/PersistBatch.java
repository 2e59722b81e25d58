package dev.codeexec.sink.kafka;

import dev.codeexec.schemas.kafka.InvalidRecordException;
import dev.codeexec.schemas.kafka.RecordCodec;
import dev.codeexec.sink.health.DependencyHealth;
import dev.codeexec.sink.persist.UnstorableRecordException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.BatchListenerFailedException;

/**
 * What every persisting listener does with a batch, so that one record never holds up another:
 * <ul>
 * <li>the records before the first one that cannot be read are persisted; that one is handed to
 *     the container's error handler ({@link BatchListenerFailedException}), which commits the
 *     offsets before it, dead-letters it at once and redelivers the rest;
 * <li>when the database refuses the batch's data ({@link UnstorableRecordException}), the batch
 *     is persisted again one record at a time: the records before the refused one are stored, and
 *     the refused one is handed to the error handler, which retries it a bounded number of times,
 *     then dead-letters it (see {@link DeadLetters});
 * <li>any other failure means a dependency is down: it is reported DOWN and rethrown, and the
 *     error handler retries the whole batch with back-off, forever, committing nothing meanwhile.
 * </ul>
 */
final class PersistBatch {

    private static final Logger log = LoggerFactory.getLogger(PersistBatch.class);

    private final String listenerId;
    private final DependencyHealth health;

    PersistBatch(String listenerId, DependencyHealth health) {
        this.listenerId = listenerId;
        this.health = health;
    }

    <T> void handle(List<ConsumerRecord<String, byte[]>> records, RecordCodec<T> codec, Consumer<List<T>> persist) {
        List<T> values = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                values.add(codec.decode(record.value()));
            } catch (InvalidRecordException unreadable) {
                persistIsolating(records, values, persist);
                throw new BatchListenerFailedException(unreadable.getMessage(), unreadable, record);
            }
        }
        persistIsolating(records, values, persist);
    }

    /** Persists {@code values} (the decoded first records of {@code records}, in order). */
    private <T> void persistIsolating(List<ConsumerRecord<String, byte[]>> records, List<T> values,
            Consumer<List<T>> persist) {
        try {
            persist(values, persist);
            return;
        } catch (UnstorableRecordException refused) {
            log.info("{}: the database refused a batch of {} records; storing them one at a time to find the one it refuses",
                    listenerId, values.size());
        }
        for (int i = 0; i < values.size(); i++) {
            try {
                persist(List.of(values.get(i)), persist);
            } catch (UnstorableRecordException refused) {
                ConsumerRecord<String, byte[]> record = records.get(i);
                log.warn("{}: the database refuses the record at {}-{}@{} (key {}): {}", listenerId, record.topic(),
                        record.partition(), record.offset(), record.key(), refused.getMessage());
                throw new BatchListenerFailedException(refused.getMessage(), refused, record);
            }
        }
    }

    private <T> void persist(List<T> values, Consumer<List<T>> persist) {
        try {
            persist.accept(values);
        } catch (UnstorableRecordException refused) {
            health.succeeded(listenerId);   // the database answered: this is about the record, not an outage
            throw refused;
        } catch (RuntimeException e) {
            health.failed(listenerId, e);
            log.warn("{} cannot persist a batch of {} records yet, will retry: {}", listenerId, values.size(), e.toString());
            throw e;
        }
        health.succeeded(listenerId);
    }
}

package dev.codeexec.executor.transport;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.AfterRollbackProcessor;
import org.springframework.kafka.listener.ContainerProperties.EOSMode;
import org.springframework.kafka.listener.DefaultAfterRollbackProcessor;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Runs a {@link DefaultAfterRollbackProcessor} (retry with back-off, then dead-letter and commit
 * the offset past the record) in a transaction of its own, and rewinds when that transaction fails.
 *
 * <p>Why: when the container runs the processor in its own transaction and the commit of that
 * transaction fails (a rebalance moved the generation on, a broker timed out), the dead letter is
 * aborted, but the consumer's position is already past the record: the container only logs the
 * exception and the next record's transaction commits an offset past the poison one. The record is
 * then neither executed nor dead-lettered. Here any failure of the recovery transaction seeks every
 * partition back to its first unprocessed record, so the record is read again and recovered again.
 */
public final class RewindingAfterRollback<K, V> implements AfterRollbackProcessor<K, V> {

    private static final Logger log = LoggerFactory.getLogger(RewindingAfterRollback.class);

    private final DefaultAfterRollbackProcessor<K, V> delegate;
    private final KafkaOperations<K, V> template;

    /** {@code delegate} must commit recovered offsets with {@code template}, which must be transactional. */
    public RewindingAfterRollback(DefaultAfterRollbackProcessor<K, V> delegate, KafkaOperations<K, V> template) {
        if (!template.isTransactional()) {
            throw new IllegalArgumentException("the recovery transaction needs a transactional template");
        }
        this.delegate = delegate;
        this.template = template;
    }

    @Override
    public void process(List<ConsumerRecord<K, V>> records, Consumer<K, V> consumer,
            MessageListenerContainer container, Exception exception, boolean recoverable, EOSMode eosMode) {
        try {
            template.executeInTransaction(operations -> {
                delegate.process(records, consumer, container, exception, recoverable, eosMode);
                return null;
            });
        } catch (RuntimeException e) {
            Map<TopicPartition, Long> firsts = firstOffsets(records);
            log.error("the transaction recovering {} failed; reading from {} again", records.isEmpty() ? "nothing"
                    : records.get(0).topic() + "-" + records.get(0).partition() + "@" + records.get(0).offset(), firsts, e);
            firsts.forEach(consumer::seek);
        }
    }

    /**
     * A batch listener's rollback: handled as a record listener's, with the batch's first record as
     * the one whose attempts are counted (and dead-lettered after the last) and every partition of
     * the batch rewound to its first record, so the whole batch runs again.
     */
    @Override
    public void processBatch(ConsumerRecords<K, V> records, List<ConsumerRecord<K, V>> recordList,
            Consumer<K, V> consumer, MessageListenerContainer container, Exception exception, boolean recoverable,
            EOSMode eosMode) {
        process(recordList, consumer, container, exception, true, eosMode);
    }

    /** The container must not open a transaction around {@link #process}: it does, and watches its outcome. */
    @Override
    public boolean isProcessInTransaction() {
        return false;
    }

    @Override
    public void clearThreadState() {
        delegate.clearThreadState();
    }

    private static Map<TopicPartition, Long> firstOffsets(List<? extends ConsumerRecord<?, ?>> records) {
        Map<TopicPartition, Long> firsts = new LinkedHashMap<>();
        for (ConsumerRecord<?, ?> r : records) {
            firsts.putIfAbsent(new TopicPartition(r.topic(), r.partition()), r.offset());
        }
        return firsts;
    }
}

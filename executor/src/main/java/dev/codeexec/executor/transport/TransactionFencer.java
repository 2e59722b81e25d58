package dev.codeexec.executor.transport;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Before the listener starts, initialises every transactional id this executor may use. The
 * broker then bumps each id's epoch and aborts the transaction a dead incarnation of the same
 * executor id left open (killed between its result and its commit): its records are never
 * visible to {@code read_committed} readers, and the consumer group's offsets it had added are
 * stable again, so the records behind them are fetched now instead of after
 * {@code transaction.timeout.ms}. A broker that does not answer is logged and skipped: the
 * transaction timeout still ends such a transaction.
 */
public final class TransactionFencer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TransactionFencer.class);
    /** How long one id may wait for the broker. */
    static final Duration MAX_BLOCK = Duration.ofSeconds(15);

    private final Map<String, Object> producerConfig;
    private final List<String> transactionalIds;
    private volatile boolean running;

    public TransactionFencer(Map<String, Object> producerConfig, List<String> transactionalIds) {
        this.producerConfig = Map.copyOf(producerConfig);
        this.transactionalIds = List.copyOf(transactionalIds);
    }

    /** Initialises every id; returns how many the broker took. */
    public int fence() {
        int fenced = 0;
        long t0 = System.nanoTime();
        for (String id : transactionalIds) {
            Map<String, Object> config = new HashMap<>(producerConfig);
            config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, id);
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) MAX_BLOCK.toMillis());
            config.put(ProducerConfig.CLIENT_ID_CONFIG, "fencer-" + id);
            try (KafkaProducer<byte[], byte[]> producer =
                    new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
                producer.initTransactions();
                fenced++;
            } catch (KafkaException e) {
                log.warn("could not fence transactional id {}: {}", id, e.toString());
            }
        }
        log.info("fenced {} of {} transactional ids in {} ms", fenced, transactionalIds.size(),
                (System.nanoTime() - t0) / 1_000_000);
        return fenced;
    }

    @Override
    public void start() {
        fence();
        running = true;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the listener containers (their phase is close to {@code Integer.MAX_VALUE}). */
    @Override
    public int getPhase() {
        return 0;
    }
}

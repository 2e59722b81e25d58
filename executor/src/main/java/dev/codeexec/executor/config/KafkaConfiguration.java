package dev.codeexec.executor.config;

import dev.codeexec.executor.execution.ExecutionPolicy;
import dev.codeexec.executor.sandbox.SandboxUnavailableException;
import dev.codeexec.executor.transport.DeadLetters;
import dev.codeexec.executor.transport.ExecutorMetrics;
import dev.codeexec.executor.transport.RewindingAfterRollback;
import dev.codeexec.executor.transport.TransactionFencer;
import dev.codeexec.schemas.Topics;
import dev.codeexec.schemas.kafka.InvalidRecordException;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.DefaultTransactionIdSuffixStrategy;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.core.MicrometerProducerListener;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultAfterRollbackProcessor;
import org.springframework.kafka.transaction.KafkaTransactionManager;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Kafka for the executor. Values are bytes, written and read with the {@code schemas} codecs.
 *
 * <p><b>Worker and poll interval.</b> The listener container runs {@code slots} consumer threads,
 * each taking up to {@code batch-size} records per poll and running them one after the other on
 * its own thread, so no more than {@code slots} submissions ever run at once. A thread does not
 * poll while its batch runs, so {@code max.poll.interval.ms} is sized from the longest submission
 * the maxima allow ({@link ExecutionPolicy#longestSubmission()}) times {@code batch-size}, plus a
 * margin. This was chosen over pause/resume with a separate worker pool because the offsets then
 * stay on the thread that runs the records, which is what lets the results and the offsets commit
 * in one Kafka transaction.
 *
 * <p><b>Exactly once.</b> The container runs each batch in a Kafka transaction (transactional
 * producer, EOS v2): the results and COMPLETED events are sent in it and the consumed offsets are
 * committed with it, all of the batch's or none. A record redelivered after a crash or a rollback
 * runs again, but only one result is ever committed; downstream consumers read with
 * {@code read_committed}. See
 * {@link dev.codeexec.executor.transport.SubmissionListener} for how a batch handles failures.
 *
 * <p><b>Recovery after a crash.</b> Three settings make a restarted executor take over at once
 * instead of at a timeout:
 * <ul>
 * <li>The broker opens a transaction at its first send, and nothing is sent transactionally
 *     before a batch's last run has ended (RUNNING goes on a plain producer), so a transaction
 *     lasts from the first result to the commit, not a run: {@code transaction.timeout.ms} is
 *     {@code transaction-timeout-ms} (30 s), not the longest submission (871 s by default).</li>
 * <li>Transactional ids are {@code codeexec-executor-<executor-id>-<n>} with {@code n} from a
 *     fixed pool of {@link #transactionalIdPool} (spring-kafka hands the suffixes out and takes
 *     them back), so they are the same at every start of the same executor id, and
 *     {@link TransactionFencer} initialises every one of them before the listener starts: that
 *     aborts whatever transaction the dead incarnation left open, which would otherwise hold the
 *     group's offsets "unstable" (and the records behind them) until it timed out.</li>
 * <li>Static membership ({@code group.instance.id} = executor id, plus the container's
 *     {@code -n} per consumer thread): a restarted executor takes its predecessor's partitions
 *     back without a rebalance and without waiting for the session to expire. A dead executor
 *     that is not restarted loses its partitions after {@code session-timeout-ms} (10 s); the
 *     cooperative sticky assignor then moves only those partitions.</li>
 * </ul>
 *
 * <p><b>Failures.</b> An unreadable record ({@link InvalidRecordException}) is not retried: the
 * listener dead-letters it in the batch's transaction (the after-rollback processor does the same
 * should one reach it). After a rollback, the batch's first record is the failed one. A sandbox
 * that cannot serve ({@link SandboxUnavailableException}) is retried with exponential back-off
 * (0.5 s to 5 s) forever, and the listener is paused until the sandbox answers again; anything
 * else is retried a few times and then dead-lettered as {@code PROCESSING_FAILED}.
 */
@Configuration(proxyBeanMethods = false)
public class KafkaConfiguration {

    /** Slack on top of the longest submission for the poll interval. */
    static final Duration MARGIN = Duration.ofSeconds(30);

    @Bean
    ProducerFactory<String, byte[]> transactionalProducerFactory(KafkaProperties kafka, ExecutorProperties properties,
            MeterRegistry meters) {
        Map<String, Object> config = kafka.buildProducerProperties();
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) properties.transactionTimeoutMs());
        DefaultKafkaProducerFactory<String, byte[]> factory = new DefaultKafkaProducerFactory<>(config);
        // stable per executor id: prefix + 0 .. pool-1, so a restart can fence its predecessor
        factory.setTransactionIdPrefix(transactionIdPrefix(properties));
        factory.setTransactionIdSuffixStrategy(new DefaultTransactionIdSuffixStrategy(transactionalIdPool(properties)));
        factory.addListener(new MicrometerProducerListener<>(meters));
        return factory;
    }

    @Bean
    @Primary
    KafkaTemplate<String, byte[]> kafkaTemplate(
            @Qualifier("transactionalProducerFactory") ProducerFactory<String, byte[]> factory) {
        return observed(new KafkaTemplate<>(factory));
    }

    @Bean
    KafkaTransactionManager<String, byte[]> kafkaTransactionManager(
            @Qualifier("transactionalProducerFactory") ProducerFactory<String, byte[]> factory) {
        KafkaTransactionManager<String, byte[]> manager = new KafkaTransactionManager<>(factory);
        // spring-kafka's default is NEVER; with it, a dead letter is counted once its batch commits
        // (DeadLetters registers an afterCommit callback), not again for every rolled-back attempt
        manager.setTransactionSynchronization(AbstractPlatformTransactionManager.SYNCHRONIZATION_ON_ACTUAL_TRANSACTION);
        return manager;
    }

    /** Aborts the dead incarnation's open transactions before the listener starts. */
    @Bean
    TransactionFencer transactionFencer(KafkaProperties kafka, ExecutorProperties properties) {
        Map<String, Object> config = kafka.buildProducerProperties();
        config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) properties.transactionTimeoutMs());
        List<String> ids = IntStream.range(0, transactionalIdPool(properties))
                .mapToObj(n -> transactionIdPrefix(properties) + n).toList();
        return new TransactionFencer(config, ids);
    }

    @Bean
    ProducerFactory<String, byte[]> statusProducerFactory(KafkaProperties kafka, MeterRegistry meters) {
        Map<String, Object> config = kafka.buildProducerProperties();
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        DefaultKafkaProducerFactory<String, byte[]> factory = new DefaultKafkaProducerFactory<>(config);
        factory.addListener(new MicrometerProducerListener<>(meters));
        return factory;
    }

    /** Plain (non-transactional) producer for RUNNING, which must be visible while the run goes on. */
    @Bean
    KafkaTemplate<String, byte[]> statusTemplate(
            @Qualifier("statusProducerFactory") ProducerFactory<String, byte[]> factory) {
        return observed(new KafkaTemplate<>(factory));
    }

    /**
     * Tracing: a record sent while a submission's record is handled (in the listener's observation)
     * carries that submission's trace context in its {@code traceparent} header.
     */
    private static KafkaTemplate<String, byte[]> observed(KafkaTemplate<String, byte[]> template) {
        template.setObservationEnabled(true);
        return template;
    }

    @Bean
    ConsumerFactory<String, byte[]> submissionConsumerFactory(KafkaProperties kafka, ExecutorProperties properties,
            ExecutionPolicy policy, MeterRegistry meters) {
        Map<String, Object> config = kafka.buildConsumerProperties();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, properties.groupId());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, properties.batchSize());
        config.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) pollInterval(policy, properties).toMillis());
        // static membership: the container appends -n per consumer thread
        config.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, properties.executorId());
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) properties.sessionTimeoutMs());
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) properties.sessionTimeoutMs() / 4);
        config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        DefaultKafkaConsumerFactory<String, byte[]> factory = new DefaultKafkaConsumerFactory<>(config);
        factory.addListener(new MicrometerConsumerListener<>(meters));
        return factory;
    }

    /**
     * Dead-letters a submission record, in the transaction of the thread that calls it: the
     * listener's for an unreadable record of a batch, the after-rollback processor's own for one
     * given up on.
     */
    @Bean
    ConsumerRecordRecoverer submissionDeadLetters(@Qualifier("kafkaTemplate") KafkaTemplate<String, byte[]> kafkaTemplate,
            ExecutorMetrics metrics) {
        return DeadLetters.recoverer(kafkaTemplate, metrics);
    }

    @Bean
    ConcurrentKafkaListenerContainerFactory<String, byte[]> submissionContainerFactory(
            ConsumerFactory<String, byte[]> submissionConsumerFactory,
            KafkaTransactionManager<String, byte[]> kafkaTransactionManager,
            @Qualifier("kafkaTemplate") KafkaTemplate<String, byte[]> kafkaTemplate,
            ConsumerRecordRecoverer submissionDeadLetters, ExecutorProperties properties) {
        ConcurrentKafkaListenerContainerFactory<String, byte[]> factory = new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(submissionConsumerFactory);
        factory.setConcurrency(properties.slots());
        factory.setBatchListener(true);
        ContainerProperties container = factory.getContainerProperties();
        container.setKafkaAwareTransactionManager(kafkaTransactionManager);
        // a batch is committed whole, in its transaction
        container.setAckMode(ContainerProperties.AckMode.BATCH);
        // tracing: the listener observes each record itself, in the trace of its traceparent header;
        // that observation's timer (spring.kafka.listener) is the listener's metric, so the
        // container's own timer of the same name (other tags: Prometheus refuses one of the two) is off
        container.setObservationEnabled(false);
        container.setMicrometerEnabled(false);
        DefaultAfterRollbackProcessor<String, byte[]> afterRollback = new DefaultAfterRollbackProcessor<>(
                submissionDeadLetters, otherFailureBackOff(), kafkaTemplate, true);
        afterRollback.addNotRetryableExceptions(InvalidRecordException.class);
        afterRollback.setBackOffFunction((record, exception) ->
                isSandboxUnavailable(exception) ? sandboxBackOff() : null);
        factory.setAfterRollbackProcessor(new RewindingAfterRollback<>(afterRollback, kafkaTemplate));
        return factory;
    }

    @Bean
    NewTopic submissionsTopic(ExecutorProperties properties) {
        return topic(Topics.SUBMISSIONS, properties);
    }

    @Bean
    NewTopic resultsTopic(ExecutorProperties properties) {
        return topic(Topics.RESULTS, properties);
    }

    @Bean
    NewTopic statusTopic(ExecutorProperties properties) {
        return topic(Topics.STATUS, properties);
    }

    @Bean
    NewTopic submissionsDeadLetterTopic(ExecutorProperties properties) {
        return topic(Topics.SUBMISSIONS_DLT, properties);
    }

    /** How long a consumer thread may go without polling: a batch of the longest submissions, plus a margin. */
    static Duration pollInterval(ExecutionPolicy policy, ExecutorProperties properties) {
        return policy.longestSubmission().multipliedBy(properties.batchSize()).plus(MARGIN);
    }

    static String transactionIdPrefix(ExecutorProperties properties) {
        return "codeexec-executor-" + properties.executorId() + "-";
    }

    /**
     * Transactions open at once: one per consumer thread, with room for the dead-letter path;
     * a producer that fails is closed and its suffix returns to the pool.
     */
    static int transactionalIdPool(ExecutorProperties properties) {
        return properties.slots() + 2;
    }

    /**
     * Forever, but short: the back-off sleeps on the consumer thread (holding that thread's other
     * partitions), and the waiting for Docker is done by pausing, not by sleeping.
     */
    private static BackOff sandboxBackOff() {
        ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(5_000);
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        return backOff;
    }

    private static BackOff otherFailureBackOff() {
        ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(10_000);
        backOff.setMaxAttempts(5);
        return backOff;
    }

    private static boolean isSandboxUnavailable(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof SandboxUnavailableException) {
                return true;
            }
        }
        return false;
    }

    private static NewTopic topic(String name, ExecutorProperties properties) {
        return Topics.declaration(name, properties.partitions(), properties.replicationFactor());
    }
}

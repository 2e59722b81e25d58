package dev.codeexec.sink.config;

import dev.codeexec.schemas.Topics;
import dev.codeexec.schemas.kafka.InvalidRecordException;
import dev.codeexec.sink.kafka.DeadLetters;
import dev.codeexec.sink.observability.SinkMetrics;
import dev.codeexec.sink.persist.FailUnstoredResult;
import dev.codeexec.sink.kafka.KafkaQueueProgress;
import dev.codeexec.sink.kafka.KafkaResultPublisher;
import dev.codeexec.sink.reaper.QueueProgressPort;
import dev.codeexec.sink.reaper.ResultPublisherPort;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Kafka wiring: the topics the sink reads and writes, the listener container factory
 * (read_committed, batches, offsets committed after the listener returned) and the error
 * handler: a batch that fails because a dependency is down is retried forever with exponential
 * back-off; a record that cannot be read, or that the database refuses after bounded retries,
 * goes to its dead-letter topic. The one producer (idempotent, acks=all) writes those dead
 * letters and the reaper's results; the reaper reads the consumer groups' progress with an admin
 * client.
 */
@Configuration(proxyBeanMethods = false)
public class KafkaConfiguration {

    @Bean
    KafkaAdmin.NewTopics sinkTopics(SinkProperties properties) {
        return new KafkaAdmin.NewTopics(Topics.SINK_TOPICS.stream()
                .map(name -> Topics.declaration(name, properties.partitions(), properties.replicationFactor()))
                .toArray(NewTopic[]::new));
    }

    /**
     * How long the broker may hold a fetch of a listener off the user's path (status events;
     * analytics wait longer, below) to fill it with up to {@link #OFF_PATH_FETCH_MIN_BYTES}: under
     * load a poll then brings a batch instead of one or two records, which is one database
     * transaction and one offset commit for the batch. Results keep the default (answered at once): a submission is
     * COMPLETED for its user only when its result is stored, and a status event never makes it so.
     */
    static final int OFF_PATH_FETCH_MAX_WAIT_MS = 200;
    static final int OFF_PATH_FETCH_MIN_BYTES = 64 * 1024;

    /**
     * The same for analytics (the stats topology's consumers and the stats windows listener): no
     * user waits for a window, which covers a minute or more, so a broker may hold their fetches for
     * a second. Idle, each then sends one fetch a second instead of five.
     */
    static final int ANALYTICS_FETCH_MAX_WAIT_MS = 1000;

    /**
     * {@code retry.backoff.ms} of the consumers off the user's path (status events, analytics
     * windows, webhooks and their retry and dead-letter topics), from Kafka's 100 ms. A classic
     * consumer's heartbeat thread wakes up every {@code retry.backoff.ms} between heartbeats (and a
     * paused consumer's own thread about as often): ten times a second each, for 18 of the
     * one-process stack's 23 consumers. At 1 s they wake about twice a second. It is also the first wait before
     * a failed request is retried (then doubled, to Kafka's {@code retry.backoff.max.ms} of 1 s):
     * after a broker outage these consumers come back up to a second later. The consumers a user
     * waits for (results, the executor, the API's events) keep 100 ms.
     */
    static final int OFF_PATH_RETRY_BACKOFF_MS = 1000;

    @Bean
    ConcurrentKafkaListenerContainerFactory<String, byte[]> sinkListenerFactory(KafkaProperties kafka,
            SinkProperties properties, KafkaTemplate<String, byte[]> sinkTemplate,
            FailUnstoredResult failUnstoredResult, SinkMetrics sinkMetrics) {
        ConcurrentKafkaListenerContainerFactory<String, byte[]> factory = persistingFactory(consumerConfig(kafka),
                properties, sinkTemplate, failUnstoredResult, sinkMetrics);
        // tracing: one span per result record, in the trace of its traceparent header (spring-kafka
        // closes these before a batch listener runs: ResultListener opens the storing spans itself)
        factory.getContainerProperties().setObservationEnabled(true);
        return factory;
    }

    /** Status events: as {@link #sinkListenerFactory}, with fetches batched (see above). */
    @Bean
    ConcurrentKafkaListenerContainerFactory<String, byte[]> offPathListenerFactory(KafkaProperties kafka,
            SinkProperties properties, KafkaTemplate<String, byte[]> sinkTemplate,
            FailUnstoredResult failUnstoredResult, SinkMetrics sinkMetrics) {
        return persistingFactory(batchedFetches(kafka, OFF_PATH_FETCH_MAX_WAIT_MS), properties, sinkTemplate,
                failUnstoredResult, sinkMetrics);
    }

    /** Analytics windows: as {@link #offPathListenerFactory}, with the analytics' longer wait (see above). */
    @Bean
    ConcurrentKafkaListenerContainerFactory<String, byte[]> analyticsListenerFactory(KafkaProperties kafka,
            SinkProperties properties, KafkaTemplate<String, byte[]> sinkTemplate,
            FailUnstoredResult failUnstoredResult, SinkMetrics sinkMetrics) {
        return persistingFactory(batchedFetches(kafka, ANALYTICS_FETCH_MAX_WAIT_MS), properties, sinkTemplate,
                failUnstoredResult, sinkMetrics);
    }

    private static Map<String, Object> batchedFetches(KafkaProperties kafka, int maxWaitMs) {
        Map<String, Object> config = consumerConfig(kafka);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, maxWaitMs);
        config.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, OFF_PATH_FETCH_MIN_BYTES);
        config.put(ConsumerConfig.RETRY_BACKOFF_MS_CONFIG, OFF_PATH_RETRY_BACKOFF_MS);
        return config;
    }

    private static ConcurrentKafkaListenerContainerFactory<String, byte[]> persistingFactory(Map<String, Object> config,
            SinkProperties properties, KafkaTemplate<String, byte[]> sinkTemplate,
            FailUnstoredResult failUnstoredResult, SinkMetrics sinkMetrics) {
        ConcurrentKafkaListenerContainerFactory<String, byte[]> factory = new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(new DefaultKafkaConsumerFactory<>(config));
        factory.setConcurrency(properties.concurrency());
        factory.setBatchListener(true);
        factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.BATCH);
        factory.setCommonErrorHandler(errorHandler(properties,
                DeadLetters.recoverer(sinkTemplate, failUnstoredResult, sinkMetrics)));
        return factory;
    }

    /**
     * Consumer settings every sink listener shares: read_committed, offsets committed by the
     * container, raw bytes (records are decoded with {@code RecordCodec}).
     */
    static Map<String, Object> consumerConfig(KafkaProperties kafka) {
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return config;
    }

    /**
     * Classifies what a listener throws. A record handed over as refused by the database
     * ({@code BatchListenerFailedException} caused by {@code UnstorableRecordException}) is retried
     * {@code poison.attempts} times in all, then recovered: dead-lettered, its submission finished.
     * One that cannot be read is recovered at once. Anything else is an outage: the whole batch is
     * retried with the exponential back-off forever (the recoverer is never reached), nothing skipped.
     */
    static DefaultErrorHandler errorHandler(SinkProperties properties, ConsumerRecordRecoverer recoverer) {
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, properties.retry().backOff());
        SinkProperties.Poison poison = properties.poison();
        handler.setBackOffFunction((record, exception) -> DeadLetters.unreadable(exception) ? new FixedBackOff(0, 0)
                : DeadLetters.unstorable(exception) ? new FixedBackOff(poison.interval().toMillis(), poison.attempts() - 1)
                : null);
        handler.addNotRetryableExceptions(InvalidRecordException.class);
        return handler;
    }

    @Bean(destroyMethod = "close")
    Admin reaperAdmin(KafkaProperties kafka) {
        return Admin.create(kafka.buildAdminProperties());
    }

    @Bean
    QueueProgressPort queueProgress(Admin reaperAdmin, KafkaProperties kafka, SinkProperties properties) {
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return new KafkaQueueProgress(reaperAdmin, () -> new KafkaConsumer<>(config),
                properties.reaper().executorGroupId(), properties.groupId(), Duration.ofSeconds(10), Clock.systemUTC());
    }

    @Bean
    ResultPublisherPort reaperResults(KafkaTemplate<String, byte[]> sinkTemplate) {
        return new KafkaResultPublisher(sinkTemplate, Duration.ofSeconds(30));
    }

    @Bean
    KafkaTemplate<String, byte[]> sinkTemplate(KafkaProperties kafka) {
        Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config));
    }
}

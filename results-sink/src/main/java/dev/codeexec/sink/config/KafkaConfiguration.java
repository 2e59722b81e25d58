package dev.codeexec.sink.config;

import dev.codeexec.schemas.Topics;
import dev.codeexec.schemas.kafka.InvalidRecordException;
import dev.codeexec.sink.kafka.DeadLetters;
import dev.codeexec.sink.observability.SinkMetrics;
import dev.codeexec.sink.persist.FailUnstoredResult;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
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
 * goes to its dead-letter topic.
 */
@Configuration(proxyBeanMethods = false)
public class KafkaConfiguration {

    @Bean
    KafkaAdmin.NewTopics sinkTopics(SinkProperties properties) {
        return new KafkaAdmin.NewTopics(Topics.SINK_TOPICS.stream()
                .map(name -> Topics.declaration(name, properties.partitions(), properties.replicationFactor()))
                .toArray(NewTopic[]::new));
    }

    @Bean
    ConcurrentKafkaListenerContainerFactory<String, byte[]> sinkListenerFactory(KafkaProperties kafka,
            SinkProperties properties, KafkaTemplate<String, byte[]> sinkDeadLetterTemplate,
            FailUnstoredResult failUnstoredResult, SinkMetrics sinkMetrics) {
        Map<String, Object> config = consumerConfig(kafka);
        ConcurrentKafkaListenerContainerFactory<String, byte[]> factory = new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(new DefaultKafkaConsumerFactory<>(config));
        factory.setConcurrency(properties.concurrency());
        factory.setBatchListener(true);
        factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.BATCH);
        factory.setCommonErrorHandler(errorHandler(properties,
                DeadLetters.recoverer(sinkDeadLetterTemplate, failUnstoredResult, sinkMetrics)));
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

    @Bean
    KafkaTemplate<String, byte[]> sinkDeadLetterTemplate(KafkaProperties kafka) {
        Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config));
    }
}

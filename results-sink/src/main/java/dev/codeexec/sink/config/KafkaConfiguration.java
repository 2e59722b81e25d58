package dev.codeexec.sink.config;

import dev.codeexec.schemas.Topics;
import dev.codeexec.sink.kafka.DeadLetters;
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
import org.springframework.kafka.listener.DefaultErrorHandler;

/**
 * Kafka wiring: the topics the sink reads and writes, the listener container factory
 * (read_committed, batches, offsets committed after the listener returned) and the error
 * handler that retries a failed batch forever with exponential back-off while the consumer is
 * paused. Records that cannot be read never reach it: the listeners send them to the DLT.
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
            SinkProperties properties) {
        Map<String, Object> config = consumerConfig(kafka);
        ConcurrentKafkaListenerContainerFactory<String, byte[]> factory = new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(new DefaultKafkaConsumerFactory<>(config));
        factory.setConcurrency(properties.concurrency());
        factory.setBatchListener(true);
        factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.BATCH);
        factory.setCommonErrorHandler(retryForever(properties.retry()));
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

    /** Never gives up and never skips: a batch that cannot be persisted is retried until it can. */
    static DefaultErrorHandler retryForever(SinkProperties.Retry retry) {
        DefaultErrorHandler handler = new DefaultErrorHandler((record, error) -> {
            throw new IllegalStateException("retries of a batch ended; it will be redelivered", error);
        }, retry.backOff());
        handler.setAckAfterHandle(false);
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

    @Bean
    DeadLetters deadLetters(KafkaTemplate<String, byte[]> sinkDeadLetterTemplate) {
        return new DeadLetters(sinkDeadLetterTemplate);
    }
}

package dev.codeexec.api;

import dev.codeexec.api.adapter.kafka.KafkaLiveEvents;
import dev.codeexec.api.submission.LiveEvents;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The live status stream: who watches what, the Kafka reader that feeds it, the threads that read stored results. */
@Configuration(proxyBeanMethods = false)
class LiveEventsConfig {

    @Bean
    LiveEvents liveEvents(ApiProperties p) {
        return new LiveEvents(p.events().maxWatchers());
    }

    @Bean
    KafkaLiveEvents kafkaLiveEvents(KafkaProperties kafka, LiveEvents events) {
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "codeexec-ingest-api-live");
        return new KafkaLiveEvents(() -> new KafkaConsumer<>(config), events);
    }

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService liveReaders() {
        AtomicInteger n = new AtomicInteger();
        return Executors.newScheduledThreadPool(2, task -> {
            Thread thread = new Thread(task, "api-live-read-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }
}

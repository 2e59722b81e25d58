package dev.codeexec.api;

import dev.codeexec.api.adapter.jdbc.JdbcKeyStore;
import dev.codeexec.api.adapter.jdbc.JdbcStatsStore;
import dev.codeexec.api.adapter.jdbc.JdbcSubmissionStore;
import dev.codeexec.api.adapter.kafka.KafkaBacklog;
import dev.codeexec.api.adapter.kafka.KafkaSubmissionQueue;
import dev.codeexec.api.adapter.kafka.ObservedKafkaTemplate;
import dev.codeexec.schemas.Topics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;

/** The Kafka and PostgreSQL adapters, and the topic this app produces to. */
@Configuration(proxyBeanMethods = false)
class AdapterConfig {

    @Bean
    NewTopic submissionsTopic(ApiProperties p) {
        return new NewTopic(Topics.SUBMISSIONS, p.partitions(), p.replicationFactor());
    }

    /** Idempotent, acks=all; every producer timeout is bounded by {@code codeexec.api.produce-timeout}. */
    @Bean
    ProducerFactory<String, byte[]> submissionProducerFactory(KafkaProperties kafka, ApiProperties p) {
        Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
        long timeoutMs = p.produceTimeout().toMillis();
        long lingerMs = 1;
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(500, timeoutMs - lingerMs));
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(500, timeoutMs - lingerMs) + (int) lingerMs);
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "codeexec-ingest-api");
        return new DefaultKafkaProducerFactory<>(config);
    }

    /** Observed: each record carries the trace context of its request in a {@code traceparent} header. */
    @Bean
    KafkaTemplate<String, byte[]> submissionTemplate(ProducerFactory<String, byte[]> submissionProducerFactory) {
        return new ObservedKafkaTemplate(submissionProducerFactory);
    }

    @Bean
    KafkaSubmissionQueue submissionQueue(KafkaTemplate<String, byte[]> submissionTemplate, ApiProperties p) {
        return new KafkaSubmissionQueue(submissionTemplate, p.produceTimeout());
    }

    @Bean(destroyMethod = "close")
    Admin backlogAdmin(KafkaProperties kafka) {
        Map<String, Object> config = new HashMap<>(kafka.buildAdminProperties());
        config.put("client.id", "codeexec-ingest-api-backlog");
        config.put("request.timeout.ms", 5_000);
        config.put("default.api.timeout.ms", 5_000);
        return Admin.create(config);
    }

    @Bean
    KafkaBacklog kafkaBacklog(Admin backlogAdmin, ApiProperties p, MeterRegistry meters) {
        KafkaBacklog backlog = new KafkaBacklog(backlogAdmin, p.backpressure().consumerGroup());
        Gauge.builder("codeexec.api.backlog", backlog, b -> b.backlog().isPresent() ? b.backlog().getAsLong() : Double.NaN)
                .description("submission records the executors have not consumed yet (NaN while unknown)")
                .register(meters);
        return backlog;
    }

    @Bean
    BacklogRefresher backlogRefresher(KafkaBacklog backlog, ApiProperties p, MeterRegistry meters) {
        return new BacklogRefresher(backlog, true, meters);   // also read by GET /admin/status
    }

    @Bean
    JdbcSubmissionStore submissionStore(JdbcClient jdbc, TransactionTemplate transactions) {
        return new JdbcSubmissionStore(jdbc, transactions);
    }

    @Bean
    JdbcKeyStore keyStore(JdbcClient jdbc) {
        return new JdbcKeyStore(jdbc);
    }

    @Bean
    JdbcStatsStore statsStore(JdbcClient jdbc) {
        return new JdbcStatsStore(jdbc);
    }

    /** Measures the backlog on a schedule, so admission never waits on Kafka's admin API. */
    static final class BacklogRefresher {
        private final KafkaBacklog backlog;
        private final boolean enabled;
        private final MeterRegistry meters;
        private final java.util.Set<Integer> gauged = java.util.concurrent.ConcurrentHashMap.newKeySet();

        BacklogRefresher(KafkaBacklog backlog, boolean enabled, MeterRegistry meters) {
            this.backlog = backlog;
            this.enabled = enabled;
            this.meters = meters;
        }

        @Scheduled(fixedDelayString = "${codeexec.api.backpressure.refresh-interval:2s}")
        void refresh() {
            if (enabled) {
                backlog.refresh();
                // one gauge per partition of the submissions topic, registered once (Micrometer
                // warns about every registration of a gauge it already has)
                backlog.byPartition().keySet().stream().filter(gauged::add).forEach(partition ->
                        Gauge.builder("codeexec.api.backlog.partition", backlog, b -> lagOf(b, partition))
                        .tag("partition", Integer.toString(partition))
                        .description("submission records of this partition the executors have not consumed yet")
                        .register(meters));
            }
        }

        private static double lagOf(KafkaBacklog backlog, int partition) {
            Long lag = backlog.byPartition().get(partition);
            return lag == null ? Double.NaN : lag;
        }
    }
}

package dev.codeexec.sink.config;

import dev.codeexec.schemas.Topics;
import dev.codeexec.sink.health.DependencyHealth;
import dev.codeexec.sink.jdbc.JdbcStatsWindows;
import dev.codeexec.sink.kafka.DeadLetters;
import dev.codeexec.sink.kafka.StatsWindowListener;
import dev.codeexec.sink.stats.StatsTopology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.EnableKafkaStreams;
import org.springframework.kafka.annotation.KafkaStreamsDefaultConfiguration;
import org.springframework.kafka.config.KafkaStreamsConfiguration;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The Kafka Streams analytics ({@link StatsTopology}), on unless
 * {@code codeexec.sink.stats.enabled=false}. The stats topic is declared with the others, and
 * KafkaAdmin creates topics before Streams starts (a missing source topic stops Streams for good).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "codeexec.sink.stats.enabled", matchIfMissing = true)
@EnableKafkaStreams
public class StatsConfiguration {

    @Bean
    KafkaAdmin.NewTopics statsTopics(SinkProperties properties) {
        return new KafkaAdmin.NewTopics(Topics.STATS_TOPICS.stream()
                .map(name -> Topics.declaration(name, properties.partitions(), properties.replicationFactor()))
                .toArray(org.apache.kafka.clients.admin.NewTopic[]::new));
    }

    @Bean(name = KafkaStreamsDefaultConfiguration.DEFAULT_STREAMS_CONFIG_BEAN_NAME)
    KafkaStreamsConfiguration statsStreamsConfig(KafkaProperties kafka, SinkProperties properties) {
        SinkProperties.Stats stats = properties.stats();
        Map<String, Object> config = new HashMap<>(kafka.buildStreamsProperties());
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, stats.applicationId());
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", kafka.getBootstrapServers()));
        config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, properties.replicationFactor());
        config.put(StreamsConfig.consumerPrefix(ConsumerConfig.ISOLATION_LEVEL_CONFIG), "read_committed");
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, stats.commitInterval().toMillis());
        // analytics are off the user's path: fetch batches, and wait up to a second for them
        config.put(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG),
                KafkaConfiguration.ANALYTICS_FETCH_MAX_WAIT_MS);
        config.put(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MIN_BYTES_CONFIG),
                KafkaConfiguration.OFF_PATH_FETCH_MIN_BYTES);
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir(stats));
        return new KafkaStreamsConfiguration(config);
    }

    private static String stateDir(SinkProperties.Stats stats) {
        if (!stats.stateDir().isBlank()) {
            return stats.stateDir();
        }
        try {
            return Files.createTempDirectory("codeexec-stats-").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Bean
    StatsWindowListener statsWindowListener(JdbcTemplate jdbc, DependencyHealth health) {
        return new StatsWindowListener(new JdbcStatsWindows(jdbc), health);
    }

    @Bean
    StatsTopologyInstaller statsTopology(StreamsBuilder builder) {
        StatsTopology.build(builder);
        return new StatsTopologyInstaller();
    }

    /** Marks that the topology was added to the context's {@link StreamsBuilder}. */
    static final class StatsTopologyInstaller {
    }
}

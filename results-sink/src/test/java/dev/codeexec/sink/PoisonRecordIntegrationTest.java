package dev.codeexec.sink;

import static dev.codeexec.sink.support.TestRecords.encode;
import static dev.codeexec.sink.support.TestRecords.result;
import static dev.codeexec.sink.support.TestRecords.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.codeexec.schemas.DeadLetterHeaders;
import dev.codeexec.schemas.SubmissionStatus;
import dev.codeexec.schemas.Topics;
import dev.codeexec.schemas.v1.ExecutionResult;
import dev.codeexec.schemas.v1.StatusEvent;
import dev.codeexec.sink.health.DependencyHealth;
import dev.codeexec.sink.support.SinkDependencies;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 10's poisoned record against a real PostgreSQL and a real broker: a result whose metadata
 * holds a NUL (PostgreSQL's jsonb refuses it) in the middle of one batch. Before, the sink retried
 * that batch forever and every record behind it on the partition waited with it.
 */
@SpringBootTest(classes = ResultsSinkApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"spring.config.name=results-sink", "codeexec.sink.partitions=1", "codeexec.sink.concurrency=1",
                "codeexec.sink.poison.interval=200ms", "codeexec.sink.stats.enabled=false",
                "codeexec.sink.webhooks.enabled=false"})
class PoisonRecordIntegrationTest {

    private static final SinkDependencies dependencies = SinkDependencies.start("poison");

    @Autowired
    JdbcClient jdbc;
    @Autowired
    KafkaListenerEndpointRegistry listeners;
    @Autowired
    DependencyHealth health;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        dependencies.register(registry);
    }

    @AfterAll
    static void stopDatabase() {
        dependencies.close();
    }

    @Test
    void aResultThatPostgresRefusesInTheMiddleOfABatchIsDeadLetteredAndFinishedAndTheOthersAreStored() {
        String poison = "poison-" + UUID.randomUUID();
        List<String> good = new ArrayList<>();
        List<ProducerRecord<String, byte[]>> batch = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            if (i == 6) {
                batch.add(new ProducerRecord<>(Topics.RESULTS, poison, encode(withMetadata(result(poison, run(0, "x\n")),
                        Map.of("k", "a\0b")))));
            }
            String id = "good-" + i + "-" + UUID.randomUUID();
            good.add(id);
            batch.add(new ProducerRecord<>(Topics.RESULTS, id, encode(result(id, run(0, "fine " + i + "\n")))));
        }

        sendAsOneBatch("sink-results", batch);

        await().atMost(Duration.ofSeconds(60)).until(() -> completed(good) == good.size());
        Map<String, Object> row = await().atMost(Duration.ofSeconds(30)).until(
                () -> jdbc.sql("SELECT * FROM submissions WHERE id = ?").param(poison).query().listOfRows(),
                rows -> rows.size() == 1 && rows.get(0).get("verdict") != null).get(0);
        assertThat(row).containsEntry("status", "COMPLETED").containsEntry("verdict", "INTERNAL_ERROR")
                .containsEntry("tenant", "acme");
        assertThat((String) row.get("verdict_detail")).startsWith("internal error: the result could not be stored")
                .contains("SQLSTATE 22P05");
        ConsumerRecord<String, byte[]> dead = deadLetter(Topics.RESULTS + ".dlt", poison);
        assertThat(header(dead, DeadLetterHeaders.REASON)).isEqualTo("NOT_STORABLE");
        assertThat(header(dead, DeadLetterHeaders.DETAIL)).contains("22P05");
        assertThat(header(dead, DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo(Topics.RESULTS);
        assertThat(new String(dead.value(), StandardCharsets.UTF_8)).contains("a\\u0000b");
        assertThat(health.isUp()).as("a refused record is no outage").isTrue();
    }

    @Test
    void aStatusEventThatPostgresRefusesIsDeadLetteredAndTheOthersAreApplied() {
        String poison = "poison-status-" + UUID.randomUUID();
        List<String> good = new ArrayList<>();
        List<ProducerRecord<String, byte[]>> batch = new ArrayList<>();
        batch.add(new ProducerRecord<>(Topics.STATUS, poison, encode(new StatusEvent(StatusEvent.VERSION, poison, "acme",
                SubmissionStatus.RUNNING, Instant.now(), "executor-1", Map.of("k", "\0")))));
        for (int i = 0; i < 5; i++) {
            String id = "running-" + i + "-" + UUID.randomUUID();
            good.add(id);
            batch.add(new ProducerRecord<>(Topics.STATUS, id, encode(new StatusEvent(StatusEvent.VERSION, id, "acme",
                    SubmissionStatus.RUNNING, Instant.now(), "executor-1", Map.of("k", "v")))));
        }

        sendAsOneBatch("sink-status", batch);

        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.sql(
                "SELECT count(*) FROM submissions WHERE status = 'RUNNING' AND id = ANY (?)")
                .param(good.toArray(String[]::new)).query(Long.class).single() == good.size());
        assertThat(header(deadLetter(Topics.STATUS + ".dlt", poison), DeadLetterHeaders.REASON)).isEqualTo("NOT_STORABLE");
    }

    /** Produces {@code records} while the listener is paused, so that it polls them together. */
    private void sendAsOneBatch(String listenerId, List<ProducerRecord<String, byte[]>> records) {
        MessageListenerContainer container = listeners.getListenerContainer(listenerId);
        container.pause();
        await().atMost(Duration.ofSeconds(30)).until(container::isPauseRequested);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, dependencies.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            records.forEach(producer::send);
            producer.flush();
        }
        container.resume();
    }

    private long completed(List<String> ids) {
        return jdbc.sql("SELECT count(*) FROM submissions WHERE status = 'COMPLETED' AND verdict = 'ACCEPTED' AND id = ANY (?)")
                .param(ids.toArray(String[]::new)).query(Long.class).single();
    }

    private ConsumerRecord<String, byte[]> deadLetter(String topic, String key) {
        try (Consumer<String, byte[]> consumer = new DefaultKafkaConsumerFactory<>(
                KafkaTestUtils.consumerProps(dependencies.bootstrapServers(), "dlt-reader-" + UUID.randomUUID(), false),
                new StringDeserializer(), new ByteArrayDeserializer()).createConsumer()) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                KafkaTestUtils.getRecords(consumer, Duration.ofSeconds(1)).records(topic).forEach(seen::add);
                return seen.stream().anyMatch(r -> key.equals(r.key()));
            });
            return seen.stream().filter(r -> key.equals(r.key())).findFirst().orElseThrow();
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static ExecutionResult withMetadata(ExecutionResult r, Map<String, String> metadata) {
        return new ExecutionResult(r.schemaVersion(), r.submissionId(), r.tenant(), r.language(), r.verdict(),
                r.verdictDetail(), r.compile(), r.runs(), metadata, r.callbackUrl(), r.executorId(), r.startedAt(),
                r.finishedAt());
    }
}

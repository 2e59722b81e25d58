package dev.codeexec.sink;

import static dev.codeexec.sink.support.TestRecords.encode;
import static dev.codeexec.sink.support.TestRecords.result;
import static dev.codeexec.sink.support.TestRecords.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.codeexec.schemas.Topics;
import dev.codeexec.sink.health.DependencyHealth;
import dev.codeexec.sink.support.GcsEmulator;
import dev.codeexec.sink.support.TestDatabase;
import dev.codeexec.storage.ObjectKeys;
import dev.codeexec.storage.ObjectStorePort;
import dev.codeexec.testsupport.KafkaContainer;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The proof of issue 5: in the middle of a stream of 500 results the real PostgreSQL goes away,
 * then the storage emulator (GCS) too. The sink reports DOWN, keeps retrying without skipping
 * anything, and once both are back exactly 500 complete rows and their objects exist.
 */
@SpringBootTest(classes = ResultsSinkApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=results-sink", "spring.datasource.hikari.connection-timeout=1000",
                "codeexec.sink.retry.max-interval=1s", "codeexec.sink.storage.kind=gcs",
                "codeexec.sink.storage.gcs.bucket=codeexec-outage", "codeexec.sink.storage.gcs.project-id=demo-codeexec",
                "codeexec.sink.storage.gcs.timeout=2s", "codeexec.sink.stats.enabled=false"})
class OutageIntegrationTest {

    private static final int RESULTS = 500;
    private static final TestDatabase database = TestDatabase.start();
    private static final KafkaContainer kafka = KafkaContainer.start(2);
    private static final GcsEmulator emulator = GcsEmulator.start();

    @Autowired
    JdbcClient jdbc;
    @Autowired
    ObjectStorePort store;
    @Autowired
    DependencyHealth health;
    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", kafka::bootstrapServers);
        database.register(registry);
        registry.add("codeexec.sink.storage.gcs.endpoint", () -> emulator.endpoint().toString());
    }

    @AfterAll
    static void stopDatabaseAndEmulator() throws IOException {
        database.close();
        emulator.close();
    }

    @Test
    void databaseThenStorageOutagesMidStreamLoseAndDuplicateNothing() throws Exception {
        try (KafkaProducer<String, byte[]> producer = producer()) {
            sendResults(producer, 0, 150);
            await().atMost(Duration.ofSeconds(30)).until(() -> completedRows() > 0);

            database.stop();
            sendResults(producer, 150, 300);
            await().atMost(Duration.ofSeconds(30)).until(() -> !health.isUp());
            assertThat(health.health().getStatus().getCode()).isEqualTo("DOWN");
            HttpResponse<String> down = actuatorHealth();
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(dev.codeexec.schemas.json.Json.mapper().readTree(down.body())
                    .at("/components/sinkPersistence/status").toString()).isEqualTo("\"DOWN\"");

            emulator.stop();
            sendResults(producer, 300, RESULTS);
            database.startAgain();
            await().atMost(Duration.ofSeconds(30)).until(() -> health.health().getDetails().toString()
                    .contains("ObjectStoreUnavailableException"));
            assertThat(completedRows()).isLessThan(RESULTS);

            emulator.startAgain();
        }

        await().atMost(Duration.ofSeconds(90)).until(() -> completedRows() == RESULTS);
        await().atMost(Duration.ofSeconds(10)).until(health::isUp);
        await().atMost(Duration.ofSeconds(10)).until(() -> actuatorHealth().statusCode() == 200);
        assertThat(jdbc.sql("SELECT count(*) FROM runs").query(Long.class).single()).isEqualTo(RESULTS);
        assertThat(jdbc.sql("SELECT count(*) FROM status_history WHERE status = 'COMPLETED'").query(Long.class).single())
                .isEqualTo(RESULTS);
        assertThat(IntStream.range(0, RESULTS).filter(i -> store.exists(ObjectKeys.stdout(id(i), 0))).count())
                .isEqualTo(RESULTS);
        assertThat(new String(store.get(ObjectKeys.stdout(id(RESULTS - 1), 0)).orElseThrow()))
                .isEqualTo(output(RESULTS - 1));
    }

    private HttpResponse<String> actuatorHealth() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private long completedRows() {
        try {
            return jdbc.sql("SELECT count(*) FROM submissions WHERE status = 'COMPLETED' AND verdict IS NOT NULL")
                    .query(Long.class).single();
        } catch (RuntimeException databaseDown) {
            return -1;
        }
    }

    private static void sendResults(KafkaProducer<String, byte[]> producer, int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            producer.send(new ProducerRecord<>(Topics.RESULTS, id(i), encode(result(id(i), run(0, output(i))))));
        }
        producer.flush();
    }

    private static String id(int i) {
        return "outage-" + i;
    }

    private static String output(int i) {
        return ("result " + i + " ").repeat(40) + "\n";
    }

    private KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }
}

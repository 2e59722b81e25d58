package dev.codeexec.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeexec.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standalone infrastructure on its own: the broker process and the embedded PostgreSQL. */
class InfrastructureTest {

    @TempDir
    Path dataDir;

    @Test
    void brokerProcessTakesLargeRecordsAndSurvivesARestartWithItsTopics() throws Exception {
        int port = FreePorts.nextPair();
        byte[] large = new byte[2 * 1024 * 1024];
        try (KafkaBroker broker = new KafkaBroker(dataDir.resolve("kafka"), port, port + 1, 3).start()) {
            TopicSetup.createTopics(broker.bootstrapServers(), 3);
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024),
                    new StringSerializer(), new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(Topics.RESULTS, "id-1", large)).get(30, TimeUnit.SECONDS);
            }
        }
        try (KafkaBroker broker = new KafkaBroker(dataDir.resolve("kafka"), port, port + 1, 3).start()) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                assertThat(admin.listTopics().names().get(10, TimeUnit.SECONDS)).containsAll(Topics.all());
                assertThat(admin.describeTopics(List.of(Topics.SUBMISSIONS)).allTopicNames().get()
                        .get(Topics.SUBMISSIONS).partitions()).hasSize(3);
            }
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "infra-test",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                    new StringDeserializer(), new ByteArrayDeserializer())) {
                consumer.subscribe(List.of(Topics.RESULTS));
                List<byte[]> values = new ArrayList<>();
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (values.isEmpty() && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
                }
                assertThat(values).hasSize(1);
                assertThat(values.get(0)).hasSize(large.length);
            }
        }
    }

    @Test
    void postgresIsDurableAndKeepsItsDataAcrossRestarts() throws Exception {
        int port = FreePorts.next();
        try (EmbeddedDatabase db = new EmbeddedDatabase(dataDir.resolve("postgres"), port).start();
                Connection c = DriverManager.getConnection(db.jdbcUrl(), EmbeddedDatabase.USER, "")) {
            for (String setting : List.of("fsync", "synchronous_commit")) {
                try (ResultSet rs = c.createStatement().executeQuery("SHOW " + setting)) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).as(setting).isEqualTo("on");
                }
            }
            c.createStatement().execute("CREATE TABLE kept (v TEXT)");
            c.createStatement().execute("INSERT INTO kept VALUES ('still here')");
        }
        try (EmbeddedDatabase db = new EmbeddedDatabase(dataDir.resolve("postgres"), port).start();
                Connection c = DriverManager.getConnection(db.jdbcUrl(), EmbeddedDatabase.USER, "");
                ResultSet rs = c.createStatement().executeQuery("SELECT v FROM kept")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("still here");
        }
    }

    @Test
    void aStartAfterTheLauncherWasKilledHardStopsTheLeftoverBrokerAndTakesOver() throws Exception {
        int port = FreePorts.nextPair();
        // never closed, as when the launcher dies with kill -9 (PostgreSQL's counterpart cannot be
        // shown in one JVM: zonky's file lock is only released when the process dies)
        KafkaBroker leftover = new KafkaBroker(dataDir.resolve("kafka"), port, port + 1, 1).start();

        try (KafkaBroker broker = new KafkaBroker(dataDir.resolve("kafka"), port, port + 1, 1).start();
                Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            assertThat(admin.describeCluster().nodes().get(10, TimeUnit.SECONDS)).hasSize(1);
        } finally {
            leftover.close();
        }
    }

    @Test
    void apiKeyIsGeneratedOnceAndKept() {
        String first = new DataDirectory(dataDir).apiKey();
        assertThat(first).startsWith("cx_").hasSize(67);
        assertThat(new DataDirectory(dataDir).apiKey()).isEqualTo(first);
        assertThat(first.getBytes(StandardCharsets.UTF_8)).doesNotContain((byte) '\n');
    }
}

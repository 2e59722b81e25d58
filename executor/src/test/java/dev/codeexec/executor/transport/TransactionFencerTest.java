package dev.codeexec.executor.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.codeexec.executor.testing.TopicReader;
import dev.codeexec.schemas.Topics;
import dev.codeexec.testsupport.KafkaContainer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * A transaction left open under one of an executor's transactional ids (its process was killed
 * between result and commit) hides every later record of the partition from read_committed
 * readers; the fencer of the restarted executor aborts it, so they appear at once and the
 * zombie's record never does. A real KRaft broker (a codeexec-kafka:1 container).
 */
class TransactionFencerTest {

    /** The JVM's broker: this test starts no app, and its groups, ids and records are its own. */
    private static final KafkaContainer kafka = KafkaContainer.shared();

    @Test
    void fencingAbortsTheDeadIncarnationsOpenTransaction() {
        String servers = kafka.bootstrapServers();
        String prefix = "codeexec-executor-fencer-test-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        KafkaProducer<String, byte[]> zombie = transactional(servers, prefix + "3");
        zombie.beginTransaction();
        zombie.send(new ProducerRecord<>(Topics.RESULTS, "zombie", bytes("never committed")));
        zombie.flush();
        try (KafkaProducer<String, byte[]> other = transactional(servers, "someone-else");
                TopicReader reader = new TopicReader(servers, Topics.RESULTS, true)) {
            other.beginTransaction();
            other.send(new ProducerRecord<>(Topics.RESULTS, "after", bytes("committed")));
            other.commitTransaction();
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                    .until(() -> reader.poll().isEmpty()); // held back by the open transaction

            List<String> ids = IntStream.range(0, 4).mapToObj(n -> prefix + n).toList();
            int fenced = new TransactionFencer(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers), ids).fence();

            assertThat(fenced).isEqualTo(4);
            await().atMost(Duration.ofSeconds(10)).until(() -> !reader.withKey("after").isEmpty());
            assertThat(reader.withKey("zombie")).isEmpty();
        } finally {
            zombie.close(Duration.ZERO);
        }
    }

    private static KafkaProducer<String, byte[]> transactional(String servers, String id) {
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, id,
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 900_000),
                new StringSerializer(), new ByteArraySerializer());
        producer.initTransactions();
        return producer;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

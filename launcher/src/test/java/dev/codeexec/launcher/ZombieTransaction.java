package dev.codeexec.launcher;

import dev.codeexec.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What an executor killed between sending its result and committing leaves behind: a transaction
 * left open under one of the executor's transactional ids, with a record on every partition of
 * the results topic (holding back what {@code read_committed} readers see there) and the
 * executor group's offset of submissions partition 0 (held "unstable"). The test never commits
 * nor aborts it, which is all a SIGKILL changes for the broker (it has no heartbeat for a
 * transaction), and closes the producer only at its end.
 */
final class ZombieTransaction {

    private ZombieTransaction() {
    }

    static AutoCloseable open(String servers, String transactionalId, String groupId, int partitions) throws Exception {
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId,
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 900_000),
                new StringSerializer(), new ByteArraySerializer());
        producer.initTransactions();
        producer.beginTransaction();
        for (int p = 0; p < partitions; p++) {
            producer.send(new ProducerRecord<>(Topics.RESULTS, p, "zombie-" + p,
                    "never committed".getBytes(StandardCharsets.UTF_8))).get();
        }
        producer.sendOffsetsToTransaction(Map.of(new TopicPartition(Topics.SUBMISSIONS, 0), new OffsetAndMetadata(0)),
                new ConsumerGroupMetadata(groupId));
        return () -> producer.close(java.time.Duration.ZERO);
    }
}

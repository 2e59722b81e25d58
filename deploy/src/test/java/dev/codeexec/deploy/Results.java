package dev.codeexec.deploy;

import dev.codeexec.schemas.Topics;
import dev.codeexec.schemas.kafka.RecordCodec;
import dev.codeexec.schemas.v1.ExecutionResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads {@code codeexec.results.v1} as an analytics consumer would ({@code read_committed}, no
 * group: every partition from the end at start), and keeps every result it sees with the time it
 * arrived, so a test can tell a missing result from a duplicated one.
 */
final class Results implements AutoCloseable {

    /** One result as seen by this reader. */
    record Seen(ExecutionResult result, long arrivedNanos) {
    }

    private final Map<String, List<Seen>> byId = new ConcurrentHashMap<>();
    private final List<Seen> inOrder = new CopyOnWriteArrayList<>();
    private final Thread poller;
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    Results(String bootstrapServers) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.RESULTS, Duration.ofMinutes(2)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve the end offsets now, before anything is submitted
        poller = new Thread(() -> poll(consumer), "results-reader");
        poller.setDaemon(true);
        poller.start();
    }

    private void poll(KafkaConsumer<String, byte[]> consumer) {
        try (consumer) {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Seen seen = new Seen(RecordCodec.RESULT.decode(record.value()), System.nanoTime());
                    byId.computeIfAbsent(seen.result().submissionId(), id -> new CopyOnWriteArrayList<>()).add(seen);
                    inOrder.add(seen);
                }
            }
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    /** How many of {@code ids} have at least one result. */
    long countOf(List<String> ids) {
        check();
        return ids.stream().filter(byId::containsKey).count();
    }

    /** The results seen for {@code id}, in arrival order (more than one would be a duplicate). */
    List<Seen> of(String id) {
        return byId.getOrDefault(id, List.of());
    }

    /** The arrival time of the last of {@code ids}' first results. */
    long lastArrival(List<String> ids) {
        return ids.stream().mapToLong(id -> of(id).get(0).arrivedNanos()).max().orElseThrow();
    }

    List<Seen> inOrder() {
        return new ArrayList<>(inOrder);
    }

    private void check() {
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        poller.join(5_000);
    }
}

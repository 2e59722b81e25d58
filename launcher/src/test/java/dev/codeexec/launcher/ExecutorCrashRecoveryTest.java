package dev.codeexec.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.codeexec.executor.ExecutorApplication;
import dev.codeexec.schemas.Topics;
import dev.codeexec.schemas.json.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An executor killed with SIGKILL in the middle of its work, with a transaction of its left open
 * (the state a kill between result and commit leaves), then started again under the same
 * executor id: every submission gets exactly one result for a {@code read_committed} reader,
 * within {@link #RECOVERY_BOUND} of the restarted executor's start. A real broker process, real
 * Docker boxes, the executor as a process of its own.
 */
class ExecutorCrashRecoveryTest {

    /** What the README promises for a restarted executor (the JVM's own start included). */
    static final Duration RECOVERY_BOUND = Duration.ofSeconds(60);
    private static final int PARTITIONS = 2;
    private static final int SUBMISSIONS = 8;
    /** The executor JVM's own start (Spring Boot), 10-30 s on a busy 2-core machine: not recovery. */
    private static final Duration JVM_START_ALLOWANCE = Duration.ofSeconds(60);
    private static final java.util.regex.Pattern STARTED =
            java.util.regex.Pattern.compile("process running for ([0-9.]+)\\)");

    @TempDir
    Path dir;

    private KafkaBroker broker;
    private AutoCloseable zombie;
    private final List<ChildJvm> children = new ArrayList<>();
    private final String executorId = "crash-test-" + UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void stopEverything() throws Exception {
        if (zombie != null) {
            zombie.close();
        }
        for (ChildJvm child : children) {
            child.close();
        }
        if (broker != null) {
            broker.close();
        }
        BoxJanitor.removeLeftoverBoxes(executorId);
    }

    @Test
    void aRestartedExecutorFencesItsDeadIncarnationAndFinishesEveryRunOnceWithinTheBound() throws Exception {
        RunnerImages.requirePresent("python");
        int port = FreePorts.nextPair();
        broker = new KafkaBroker(dir.resolve("kafka"), port, port + 1, PARTITIONS).start();
        String servers = broker.bootstrapServers();
        TopicSetup.createTopics(servers, PARTITIONS);
        List<String> ids = IntStream.range(0, SUBMISSIONS).mapToObj(i -> "crash-" + i + "-" + UUID.randomUUID()).toList();
        produce(servers, ids);

        try (KafkaConsumer<String, String> results = readCommitted(servers, Topics.RESULTS);
                KafkaConsumer<String, String> statuses = readCommitted(servers, Topics.STATUS)) {
            Map<String, Integer> seen = new HashMap<>();
            ChildJvm first = executor(servers, "first");
            // kill it while runs are in flight: some results are out, a later one is RUNNING
            Set<String> running = new java.util.HashSet<>();
            await().atMost(Duration.ofMinutes(5)).pollDelay(Duration.ZERO).until(() -> {
                collect(results, seen);
                statuses.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.value().contains("\"RUNNING\"")) {
                        running.add(r.key());
                    }
                });
                assertThat(first.isAlive()).as(first.output()).isTrue();
                return seen.size() >= 2 && running.stream().anyMatch(id -> !seen.containsKey(id));
            });
            first.kill();
            int beforeRestart = seen.size();

            // never committed nor aborted, as if its process had been killed; closed after the test
            zombie = ZombieTransaction.open(servers, "codeexec-executor-" + executorId + "-3", "codeexec-executor",
                    PARTITIONS);

            long restart = System.nanoTime();
            ChildJvm second = executor(servers, "second");
            await().atMost(RECOVERY_BOUND.plus(JVM_START_ALLOWANCE)).pollDelay(Duration.ZERO).untilAsserted(() -> {
                collect(results, seen);
                assertThat(second.isAlive()).as(second.output()).isTrue();
                assertThat(seen.keySet()).containsAll(ids);
            });
            double recoverySeconds = (System.nanoTime() - restart) / 1e9;
            double startSeconds = startedAfterSeconds(second);
            System.out.printf("[crash recovery] %d of %d results before the kill; all %d within %.1f s of the"
                    + " restart, of which %.1f s the executor JVM's own start%n", beforeRestart, SUBMISSIONS,
                    SUBMISSIONS, recoverySeconds, startSeconds);
            assertThat(recoverySeconds - startSeconds).as("seconds from the executor's start to the last result")
                    .isLessThan(RECOVERY_BOUND.toSeconds());
            // drain a little longer: a second result for any id would show up now
            await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> {
                collect(results, seen);
                return true;
            });
            assertThat(seen).as("results per id").allSatisfy((id, count) -> assertThat(count).isEqualTo(1));
            assertThat(seen.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        }
    }

    /** The start time Spring Boot logs ("process running for N"). */
    private static double startedAfterSeconds(ChildJvm executor) {
        java.util.regex.Matcher m = STARTED.matcher(executor.output());
        assertThat(m.find()).as(executor.output()).isTrue();
        return Double.parseDouble(m.group(1));
    }

    private ChildJvm executor(String servers, String name) {
        return child(name, ExecutorApplication.class.getName(), List.of(
                "--spring.kafka.bootstrap-servers=" + servers,
                "--spring.main.banner-mode=off",
                "--server.address=127.0.0.1",
                "--server.port=" + FreePorts.next(),
                "--codeexec.executor.executor-id=" + executorId,
                "--codeexec.executor.slots=2",
                // batches of 2, so that results are out while later runs of the same thread are in
                // flight when it is killed (batches of the default 8 would take each partition's 4 at once)
                "--codeexec.executor.batch-size=2",
                "--codeexec.executor.partitions=" + PARTITIONS,
                "--codeexec.executor.warm-pool-size=0",
                "--codeexec.executor.compile-cache.dir=" + dir.resolve("compile-cache")));
    }

    private ChildJvm child(String name, String mainClass, List<String> args) {
        // logs stay in target/ for a look after a failure
        ChildJvm child = ChildJvm.start(Path.of("target", "crash-recovery-logs", executorId, name + ".log"), mainClass, args);
        children.add(child);
        return child;
    }

    /** Counts results per id; records of the zombie (never committed) must never show. */
    private static void collect(KafkaConsumer<String, String> results, Map<String, Integer> seen) {
        for (ConsumerRecord<String, String> r : results.poll(Duration.ofMillis(300))) {
            seen.merge(r.key(), 1, Integer::sum);
        }
    }

    /** Python programs that sleep 2 s, so runs are in flight when the executor is killed. */
    private static void produce(String servers, List<String> ids) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer())) {
            for (String id : ids) {
                String source = "import time\ntime.sleep(2)\nprint('" + id + "')";
                String record = "{\"schemaVersion\":1,\"id\":\"" + id + "\",\"language\":\"python\",\"source\":"
                        + Json.mapper().writeValueAsString(source) + "}";
                producer.send(new ProducerRecord<>(Topics.SUBMISSIONS, id, record)).get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static KafkaConsumer<String, String> readCommitted(String servers, String topic) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ConsumerConfig.GROUP_ID_CONFIG, "crash-test-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(topic));
        return consumer;
    }
}

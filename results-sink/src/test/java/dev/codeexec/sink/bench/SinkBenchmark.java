package dev.codeexec.sink.bench;

import dev.codeexec.schemas.Topics;
import dev.codeexec.schemas.kafka.RecordCodec;
import dev.codeexec.schemas.v1.ExecutionResult;
import dev.codeexec.sink.ResultsSinkApplication;
import dev.codeexec.sink.support.GcsEmulator;
import dev.codeexec.sink.support.TestDatabase;
import dev.codeexec.sink.support.TestRecords;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Results persisted per second, each with a 1 KB stdout, through the real sink (embedded Kafka
 * broker -> listeners -> PostgreSQL + object store), with local storage and with the GCS
 * emulator, against plain batched JDBC inserts of the same rows in the same run. Run it with
 * {@code results-sink/benchmark.sh [results] [gcs-results] [--sink.property=value ...]}; prints a table.
 */
public final class SinkBenchmark {

    private record Row(String setup, int results, double seconds) {
        double perSecond() {
            return results / seconds;
        }
    }

    /** Extra sink properties given as {@code --key=value} arguments. */
    private static final List<String> EXTRA = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        List<String> numbers = java.util.Arrays.stream(args).filter(a -> !a.startsWith("--")).toList();
        EXTRA.addAll(java.util.Arrays.stream(args).filter(a -> a.startsWith("--")).map(a -> a.substring(2)).toList());
        int results = numbers.size() > 0 ? Integer.parseInt(numbers.get(0)) : 5000;
        int gcsResults = numbers.size() > 1 ? Integer.parseInt(numbers.get(1)) : Math.min(results, 2000);
        List<Row> rows = new ArrayList<>();
        try (TestDatabase database = TestDatabase.start(); GcsEmulator emulator = GcsEmulator.start()) {
            rows.add(baseline(database, results));
            Path objects = Files.createTempDirectory("bench-objects-");
            rows.add(new Row("sink: PostgreSQL + local storage", results, sink(database, "local", results,
                    Map.of("codeexec.sink.storage.kind", "local", "codeexec.sink.storage.local.root", objects.toString()))));
            rows.add(new Row("sink: PostgreSQL + GCS emulator", gcsResults, sink(database, "gcs", gcsResults,
                    Map.of("codeexec.sink.storage.kind", "gcs", "codeexec.sink.storage.gcs.endpoint",
                            emulator.endpoint().toString(), "codeexec.sink.storage.gcs.bucket", "bench",
                            "codeexec.sink.storage.gcs.project-id", "demo-codeexec"))));
        }
        print(rows);
        System.exit(0);
    }

    private static double sink(TestDatabase database, String name, int n, Map<String, String> storage) throws Exception {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 6);
        broker.afterPropertiesSet();
        List<String> properties = new ArrayList<>(List.of(
                "spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "spring.datasource.url=" + database.jdbcUrl(), "spring.datasource.username=postgres",
                "spring.datasource.password=", "spring.main.web-application-type=none", "spring.main.banner-mode=off",
                "logging.level.root=WARN", "codeexec.sink.stats.enabled=false", "codeexec.sink.webhooks.enabled=false"));
        storage.forEach((key, value) -> properties.add(key + "=" + value));
        properties.addAll(EXTRA);
        try (ConfigurableApplicationContext sink = ResultsSinkApplication.builder()
                .run(properties.stream().map(p -> "--" + p).toArray(String[]::new))) {
            // warm-up: the consumer group forms and the code paths are compiled before the clock starts
            produce(broker, "warmup-" + name + "-", 300);
            awaitCompleted(database, "warmup-" + name + "-", 300);
            List<byte[]> records = new ArrayList<>();
            String prefix = "bench-" + name + "-";
            for (int i = 0; i < n; i++) {
                records.add(RecordCodec.RESULT.encode(result(prefix + i)));
            }
            // the records are on the broker before the clock starts (as the baseline's rows are in memory):
            // the figure is what the sink consumes and persists per second, not what one producer sends
            MessageListenerContainer listener = sink.getBean(KafkaListenerEndpointRegistry.class)
                    .getListenerContainer("sink-results");
            listener.pause();
            while (!listener.isContainerPaused()) {
                Thread.sleep(10);
            }
            produce(broker, prefix, records);
            long started = System.nanoTime();
            listener.resume();
            awaitCompleted(database, prefix, n);
            return (System.nanoTime() - started) / 1e9;
        } finally {
            broker.destroy();
        }
    }

    private static void produce(EmbeddedKafkaKraftBroker broker, String prefix, int n) {
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            records.add(RecordCodec.RESULT.encode(result(prefix + i)));
        }
        produce(broker, prefix, records);
    }

    private static void produce(EmbeddedKafkaKraftBroker broker, String prefix, List<byte[]> records) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < records.size(); i++) {
                producer.send(new ProducerRecord<>(Topics.RESULTS, prefix + i, records.get(i)));
            }
        }
    }

    private static void awaitCompleted(TestDatabase database, String prefix, int n) throws Exception {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), "postgres", "");
                PreparedStatement count = connection.prepareStatement(
                        "SELECT count(*) FROM submissions WHERE id LIKE ? AND verdict IS NOT NULL")) {
            count.setString(1, prefix + "%");
            long deadline = System.nanoTime() + 600_000_000_000L;
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) >= n) {
                        return;
                    }
                }
                Thread.sleep(20); // a benchmark polls; tests wait with Awaitility
            }
            throw new IllegalStateException("the sink did not persist " + n + " results in 10 minutes");
        }
    }

    /**
     * The same rows the sink writes (a submission, its run with a 1 KB stdout and object key, its
     * COMPLETED history row) as plain batched inserts, 500 per transaction (the sink's max.poll.records),
     * with the driver settings of the sink's pool.
     */
    private static Row baseline(TestDatabase database, int n) throws Exception {
        try (ConfigurableApplicationContext migrate = ResultsSinkApplication.builder().run(
                "--spring.kafka.bootstrap-servers=127.0.0.1:1", "--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=postgres", "--spring.datasource.password=",
                "--spring.main.web-application-type=none", "--spring.main.banner-mode=off", "--logging.level.root=WARN",
                "--spring.kafka.listener.auto-startup=false", "--codeexec.sink.stats.enabled=false",
                "--codeexec.sink.webhooks.enabled=false", "--spring.kafka.admin.fail-fast=false",
                "--spring.kafka.admin.auto-create=false")) {
            // Flyway has migrated the schema; the context is only needed for that
        }
        java.util.Properties driver = new java.util.Properties();
        driver.setProperty("user", "postgres");
        driver.setProperty("password", "");
        driver.setProperty("reWriteBatchedInserts", "true"); // as the sink's pool (results-sink.yml)
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), driver)) {
            connection.setAutoCommit(false);
            long started = System.nanoTime();
            try (PreparedStatement submission = connection.prepareStatement("""
                    INSERT INTO submissions (id, tenant, language, status, status_rank, verdict, exit_code, cpu_time_ms,
                        wall_time_ms, memory_kb, compile, metadata, executor_id, started_at, finished_at)
                    VALUES (?, 'acme', 'cpp', 'COMPLETED', 2, 'ACCEPTED', 0, 3, 5, 3400, ?::jsonb, ?::jsonb, 'executor-1', ?, ?)""");
                    PreparedStatement run = connection.prepareStatement("""
                    INSERT INTO runs (submission_id, test_case, verdict, exit_code, cpu_time_ms, wall_time_ms, memory_kb,
                        stdout, stdout_size, stdout_object, stderr, stderr_size)
                    VALUES (?, 0, 'ACCEPTED', 0, 3, 5, 3400, ?, ?, ?, ?, 0)""");
                    PreparedStatement history = connection.prepareStatement("""
                    INSERT INTO status_history (submission_id, status, at, executor_id)
                    VALUES (?, 'COMPLETED', ?, 'executor-1')""")) {
                byte[] stdout = output();
                for (int i = 0; i < n; i++) {
                    Timestamp now = new Timestamp(System.currentTimeMillis());
                    submission.setString(1, "base-" + i);
                    submission.setString(2, "{\"cached\": false, \"cpuTimeMs\": 400}");
                    submission.setString(3, "{\"course\": \"algo-101\"}");
                    submission.setTimestamp(4, now);
                    submission.setTimestamp(5, now);
                    submission.addBatch();
                    run.setString(1, "base-" + i);
                    run.setBytes(2, stdout);
                    run.setInt(3, stdout.length);
                    run.setString(4, "submissions/base-" + i + "/runs/0/stdout");
                    run.setBytes(5, new byte[0]);
                    run.addBatch();
                    history.setString(1, "base-" + i);
                    history.setTimestamp(2, now);
                    history.addBatch();
                    if ((i + 1) % 500 == 0 || i == n - 1) {
                        submission.executeBatch();
                        run.executeBatch();
                        history.executeBatch();
                        connection.commit();
                    }
                }
            }
            return new Row("baseline: plain batched JDBC inserts", n, (System.nanoTime() - started) / 1e9);
        }
    }

    private static ExecutionResult result(String id) {
        return TestRecords.result(id, TestRecords.run(0, dev.codeexec.schemas.Verdict.ACCEPTED, output(), new byte[0]));
    }

    private static byte[] output() {
        byte[] bytes = ("0123456789abcdef".repeat(63) + "0123456789abcde\n").getBytes(StandardCharsets.US_ASCII);
        return bytes; // 1024 bytes
    }

    private static void print(List<Row> rows) {
        double baseline = rows.get(0).perSecond();
        System.out.println();
        System.out.printf("%-40s | %7s | %8s | %10s | %s%n", "setup", "results", "seconds", "results/s", "baseline / setup");
        System.out.println("-".repeat(40) + "-|---------|----------|------------|-----------------");
        for (Row row : rows) {
            System.out.printf("%-40s | %7d | %8.2f | %10.0f | %.2fx%n", row.setup(), row.results(), row.seconds(),
                    row.perSecond(), baseline / row.perSecond());
        }
        System.out.printf("%n(cores: %d; each result has a 1024-byte stdout and one run)%n",
                Runtime.getRuntime().availableProcessors());
    }
}

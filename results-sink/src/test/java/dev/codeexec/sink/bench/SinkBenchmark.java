package dev.codeexec.sink.bench;

import dev.codeexec.schemas.Topics;
import dev.codeexec.schemas.kafka.RecordCodec;
import dev.codeexec.schemas.v1.ExecutionResult;
import dev.codeexec.sink.ResultsSinkApplication;
import dev.codeexec.sink.config.SinkProperties;
import dev.codeexec.sink.support.GcsEmulator;
import dev.codeexec.sink.support.TestDatabase;
import dev.codeexec.sink.support.TestRecords;
import dev.codeexec.storage.ObjectStorePort;
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
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.util.FileSystemUtils;

/**
 * Results persisted per second, each with a 1 KB stdout, through the real sink (embedded Kafka
 * broker -> listeners -> PostgreSQL + object store), with local storage and with the GCS
 * emulator, against plain batched JDBC inserts of the same rows in the same run. Each setup runs
 * {@value #WARMUP_ROUNDS} untimed warm-up rounds and then {@code --rounds} timed rounds (5); the table gives the
 * median round, the spread, and the CPU the JVM and PostgreSQL spent per 1000 results. Run it
 * with {@code results-sink/bench.sh [results-per-round] [gcs-results-per-round] [--rounds=N]
 * [--any.sink.property=value ...]}.
 */
public final class SinkBenchmark {

    /**
     * The setup with {@code --without-objects}: the real sink with an object store that keeps
     * nothing, so only Kafka, decoding and the rows are left. Not a way to run codeexec; it
     * shows what the objects cost.
     */
    static final String DISCARDED = "sink: PostgreSQL, objects dropped";

    /**
     * Untimed rounds before the timed ones, for every setup, the baseline included. A round of
     * the sink lasts about half a second, and after one (or three) warm-up rounds the JIT
     * compilers still took a third of the JVM's CPU in the timed rounds (the embedded broker
     * shares the JVM and compiles too); after ten they take a small share.
     */
    static final int WARMUP_ROUNDS = 10;

    /** One timed round: {@code results} made durable in {@code seconds}, using {@code cpu}. */
    record Round(int results, double seconds, CpuClock cpu) {
        double perSecond() {
            return results / seconds;
        }

        double cpuMsPerThousand(double cpuSeconds) {
            return cpuSeconds * 1000 * 1000 / results;
        }
    }

    /** The rounds of one setup; its figure is the median round. */
    record Row(String setup, List<Round> rounds) {
        Round median() {
            List<Round> sorted = rounds.stream().sorted(java.util.Comparator.comparingDouble(Round::perSecond)).toList();
            return sorted.get(sorted.size() / 2);
        }
    }

    /**
     * What to run: results per round for local storage and for the GCS emulator (0 skips it),
     * timed rounds per setup, and extra sink properties ({@code key=value}).
     */
    record Settings(int results, int gcsResults, int rounds, boolean withoutObjects, List<String> sinkProperties) {

        /** {@code [results] [gcs-results] [--rounds=N] [--without-objects] [--any.sink.property=value ...]}. */
        static Settings parse(String... args) {
            List<String> numbers = java.util.Arrays.stream(args).filter(a -> !a.startsWith("--")).toList();
            int rounds = 5;
            boolean withoutObjects = false;
            List<String> properties = new ArrayList<>();
            for (String arg : args) {
                if (arg.equals("--without-objects")) {
                    withoutObjects = true;
                } else if (arg.startsWith("--rounds=")) {
                    rounds = Integer.parseInt(arg.substring("--rounds=".length()));
                } else if (arg.startsWith("--")) {
                    properties.add(arg.substring(2));
                }
            }
            int results = numbers.size() > 0 ? Integer.parseInt(numbers.get(0)) : 10_000;
            int gcsResults = numbers.size() > 1 ? Integer.parseInt(numbers.get(1)) : Math.min(results, 1000);
            return new Settings(results, gcsResults, rounds, withoutObjects, List.copyOf(properties));
        }
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.parse(args);
        print(run(settings), settings.rounds(), System.out);
        System.exit(0);
    }

    /** Runs the baseline and the sink setups; the first row is the baseline. */
    static List<Row> run(Settings settings) throws Exception {
        List<Row> rows = new ArrayList<>();
        Path objects = Files.createTempDirectory("bench-objects-");
        try (TestDatabase database = TestDatabase.startDurable()) {
            rows.add(baseline(database, settings.results(), settings.rounds()));
            rows.add(sink(database, "sink: PostgreSQL + local storage", "local", settings, settings.results(),
                    Map.of("codeexec.sink.storage.kind", "local", "codeexec.sink.storage.local.root", objects.toString())));
            if (settings.withoutObjects()) {
                rows.add(sink(database, DISCARDED, "discard", settings, settings.results(), Map.of()));
            }
            if (settings.gcsResults() > 0) {
                try (GcsEmulator emulator = GcsEmulator.start()) {
                    rows.add(sink(database, "sink: PostgreSQL + GCS emulator", "gcs", settings, settings.gcsResults(),
                            Map.of("codeexec.sink.storage.kind", "gcs", "codeexec.sink.storage.gcs.endpoint",
                                    emulator.endpoint().toString(), "codeexec.sink.storage.gcs.bucket", "bench",
                                    "codeexec.sink.storage.gcs.project-id", "demo-codeexec")));
                }
            }
        } finally {
            // after every measurement: deleting tens of thousands of files keeps the disk busy for a while
            FileSystemUtils.deleteRecursively(objects);
        }
        return rows;
    }

    /**
     * Starts a sink, persists {@value #WARMUP_ROUNDS} untimed warm-up rounds (the consumer group forms and the JIT
     * compiles the paths: on 2 cores C2 takes half the JVM's CPU for the first seconds), then
     * times {@code rounds} rounds of {@code n} results each.
     */
    private static Row sink(TestDatabase database, String setup, String name, Settings settings, int n,
            Map<String, String> storage) throws Exception {
        SpringApplicationBuilder builder = ResultsSinkApplication.builder();
        if (setup.equals(DISCARDED)) {
            // registered, not scanned: a @Configuration here would reach every test context of the module
            builder.initializers((GenericApplicationContext context) -> context.registerBean("discardedObjects",
                    ObjectStorePort.class, DiscardedObjects::new, definition -> definition.setPrimary(true)));
        }
        int rounds = settings.rounds();
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 6);
        broker.afterPropertiesSet();
        List<String> properties = new ArrayList<>(List.of(
                "spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "spring.datasource.url=" + database.jdbcUrl(), "spring.datasource.username=" + database.username(),
                "spring.datasource.password=" + database.password(), "spring.main.web-application-type=none", "spring.main.banner-mode=off",
                "logging.level.root=WARN", "codeexec.sink.stats.enabled=false", "codeexec.sink.webhooks.enabled=false"));
        storage.forEach((key, value) -> properties.add(key + "=" + value));
        properties.addAll(settings.sinkProperties());
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()));
        try (ConfigurableApplicationContext sink = builder
                .run(properties.stream().map(p -> "--" + p).toArray(String[]::new))) {
            MessageListenerContainer listener = sink.getBean(KafkaListenerEndpointRegistry.class)
                    .getListenerContainer("sink-results");
            Committed committed = new Committed(admin, sink.getBean(SinkProperties.class).groupId());
            for (int w = 0; w < WARMUP_ROUNDS; w++) {
                round(database, broker, listener, committed, name + "-warmup" + w + "-", Math.max(n, 300));
            }
            List<Round> timed = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                timed.add(round(database, broker, listener, committed, name + "-" + r + "-", n));
            }
            return new Row(setup, timed);
        } finally {
            admin.close();
            broker.destroy();
        }
    }

    /**
     * One round: the records are put on the broker while the listener is paused (as the
     * baseline's rows are in memory), and the clock runs from its resumption until the sink has
     * committed the offset of the last record (it commits only what is durable), then every row
     * is checked to be there: the figure is what the sink consumes and persists per second, not
     * what a producer sends. The clock does not wait on a query of the growing table: polling one
     * (a scan per poll) took PostgreSQL CPU from the sink being measured.
     */
    private static Round round(TestDatabase database, EmbeddedKafkaKraftBroker broker, MessageListenerContainer listener,
            Committed committed, String prefix, int n) throws Exception {
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            records.add(RecordCodec.RESULT.encode(result(prefix + i)));
        }
        listener.pause();
        while (!listener.isContainerPaused()) {
            Thread.sleep(10);
        }
        produce(broker, prefix, records);
        Map<TopicPartition, Long> end = committed.endOffsets();
        CpuClock cpu = CpuClock.now();
        long started = System.nanoTime();
        listener.resume();
        committed.awaitReaching(end);
        Round round = new Round(n, (System.nanoTime() - started) / 1e9, CpuClock.now().since(cpu));
        assertCompleted(database, prefix, n);
        return round;
    }

    /** The results topic's offsets and what the sink's consumer group has committed of them. */
    private record Committed(Admin admin, String groupId) {

        Map<TopicPartition, Long> endOffsets() throws Exception {
            List<TopicPartition> partitions = admin.describeTopics(List.of(Topics.RESULTS)).allTopicNames().get()
                    .get(Topics.RESULTS).partitions().stream()
                    .map(p -> new TopicPartition(Topics.RESULTS, p.partition())).toList();
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
            Map<TopicPartition, Long> end = new java.util.HashMap<>();
            admin.listOffsets(latest).all().get().forEach((p, info) -> end.put(p, info.offset()));
            return end;
        }

        void awaitReaching(Map<TopicPartition, Long> end) throws Exception {
            long deadline = System.nanoTime() + 600_000_000_000L;
            while (System.nanoTime() < deadline) {
                Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(groupId)
                        .partitionsToOffsetAndMetadata().get();
                boolean reached = end.entrySet().stream().allMatch(e -> e.getValue() == 0
                        || (offsets.get(e.getKey()) != null && offsets.get(e.getKey()).offset() >= e.getValue()));
                if (reached) {
                    return;
                }
                Thread.sleep(10); // a benchmark polls; tests wait with Awaitility
            }
            throw new IllegalStateException("the sink did not commit the round's offsets in 10 minutes");
        }
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

    /** Fails unless the sink stored all {@code n} results of the round, each with its verdict (outside the clock). */
    private static void assertCompleted(TestDatabase database, String prefix, int n) throws Exception {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
                PreparedStatement count = connection.prepareStatement(
                        "SELECT count(*) FROM submissions WHERE id LIKE ? AND verdict IS NOT NULL")) {
            count.setString(1, prefix + "%");
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                if (rs.getLong(1) != n) {
                    throw new IllegalStateException("the sink committed the round's offsets with " + rs.getLong(1)
                            + " of " + n + " results stored");
                }
            }
        }
    }

    /**
     * The same rows the sink writes (a submission, its run with a 1 KB stdout and object key, its
     * COMPLETED history row) as plain batched inserts, 500 per transaction (the sink's max.poll.records),
     * with the driver settings of the sink's pool.
     */
    private static Row baseline(TestDatabase database, int n, int rounds) throws Exception {
        try (ConfigurableApplicationContext migrate = ResultsSinkApplication.builder().run(
                "--spring.kafka.bootstrap-servers=127.0.0.1:1", "--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=" + database.username(), "--spring.datasource.password=" + database.password(),
                "--spring.main.web-application-type=none", "--spring.main.banner-mode=off", "--logging.level.root=WARN",
                "--spring.kafka.listener.auto-startup=false", "--codeexec.sink.stats.enabled=false",
                "--codeexec.sink.webhooks.enabled=false", "--spring.kafka.admin.fail-fast=false",
                "--spring.kafka.admin.auto-create=false")) {
            // Flyway has migrated the schema; the context is only needed for that
        }
        java.util.Properties driver = new java.util.Properties();
        driver.setProperty("user", database.username());
        driver.setProperty("password", database.password());
        driver.setProperty("reWriteBatchedInserts", "true"); // as the sink's pool (results-sink.yml)
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), driver)) {
            connection.setAutoCommit(false);
            for (int w = 0; w < WARMUP_ROUNDS; w++) { // as the sink is, the baseline is measured warm
                insert(connection, "base-warmup" + w + "-", Math.max(n, 300));
            }
            List<Round> timed = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                CpuClock cpu = CpuClock.now();
                long started = System.nanoTime();
                insert(connection, "base-" + r + "-", n);
                timed.add(new Round(n, (System.nanoTime() - started) / 1e9, CpuClock.now().since(cpu)));
            }
            return new Row("baseline: plain batched JDBC inserts", timed);
        }
    }

    private static void insert(Connection connection, String prefix, int n) throws Exception {
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
                String id = prefix + i;
                Timestamp now = new Timestamp(System.currentTimeMillis());
                submission.setString(1, id);
                submission.setString(2, "{\"cached\": false, \"cpuTimeMs\": 400}");
                submission.setString(3, "{\"course\": \"algo-101\"}");
                submission.setTimestamp(4, now);
                submission.setTimestamp(5, now);
                submission.addBatch();
                run.setString(1, id);
                run.setBytes(2, stdout);
                run.setInt(3, stdout.length);
                run.setString(4, "submissions/" + id + "/runs/0/stdout");
                run.setBytes(5, new byte[0]);
                run.addBatch();
                history.setString(1, id);
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
    }

    private static ExecutionResult result(String id) {
        return TestRecords.result(id, TestRecords.run(0, dev.codeexec.schemas.Verdict.ACCEPTED, output(), new byte[0]));
    }

    private static byte[] output() {
        byte[] bytes = ("0123456789abcdef".repeat(63) + "0123456789abcde\n").getBytes(StandardCharsets.US_ASCII);
        return bytes; // 1024 bytes
    }

    static void print(List<Row> rows, int rounds, java.io.PrintStream out) {
        double baseline = rows.get(0).median().perSecond();
        out.println();
        out.printf("%-36s | %7s | %17s | %15s | %10s | %s%n", "setup", "results", "median results/s",
                "(slowest-fastest)", "vs baseline", "CPU ms per 1000 results: JVM + PostgreSQL");
        out.println("-".repeat(36) + "-|---------|-------------------|-----------------|-------------|"
                + "-".repeat(42));
        for (Row row : rows) {
            Round median = row.median();
            double slowest = row.rounds().stream().mapToDouble(Round::perSecond).min().orElse(0);
            double fastest = row.rounds().stream().mapToDouble(Round::perSecond).max().orElse(0);
            out.printf("%-36s | %7d | %17.0f | %6.0f - %6.0f | %9.2fx | %4.0f + %4.0f = %4.0f%n", row.setup(),
                    median.results(), median.perSecond(), slowest, fastest, baseline / median.perSecond(),
                    median.cpuMsPerThousand(median.cpu().jvmSeconds()),
                    median.cpuMsPerThousand(median.cpu().postgresSeconds()),
                    median.cpuMsPerThousand(median.cpu().jvmSeconds() + median.cpu().postgresSeconds()));
        }
        out.printf("%nWhere the JVM's CPU went in the median round (ms per 1000 results; threads that ended during"
                + " the round are missed):%n");
        out.printf("%-36s", "setup");
        for (CpuClock.Work work : CpuClock.Work.values()) {
            out.printf(" | %s", work.label);
        }
        out.println();
        for (Row row : rows) {
            Round median = row.median();
            out.printf("%-36s", row.setup());
            for (CpuClock.Work work : CpuClock.Work.values()) {
                out.printf(" | %" + work.label.length() + ".0f",
                        median.cpuMsPerThousand(median.cpu().jvmSecondsByWork().get(work)));
            }
            out.println();
        }
        out.printf("%n(%d timed rounds per setup after %d warm-up rounds; figures of the median round; cores: %d;"
                + " each result has a 1024-byte stdout and one run; 'vs baseline' = how many times slower)%n",
                rounds, WARMUP_ROUNDS, Runtime.getRuntime().availableProcessors());
    }
}

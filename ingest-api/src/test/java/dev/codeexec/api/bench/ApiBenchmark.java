package dev.codeexec.api.bench;

import dev.codeexec.api.IngestApiApplication;
import dev.codeexec.schemas.Topics;
import dev.codeexec.schemas.kafka.RecordCodec;
import dev.codeexec.schemas.v1.Submission;
import dev.codeexec.testsupport.PostgresContainer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Load benchmark, loopback only and bounded in time: accepted {@code POST /submissions} per
 * second with p50/p99 latency, against raw Kafka produce from the same JVM with the same producer
 * settings (idempotent, acks=all, wait for the ack), {@code POST /submissions/batch} with
 * {@value #BATCH} submissions per request (its rows count requests; the submissions per second are
 * {@value #BATCH} times that), and {@code GET /submissions/{id}} latency.
 * Run with {@code ingest-api/bench.sh} (or {@code -Dbenchmark=true -Dtest=ApiBenchmark}); the
 * table is written to {@code target/benchmark.txt}.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class ApiBenchmark {

    private static final int CONCURRENCY = Integer.getInteger("benchmark.concurrency", 16);
    private static final Duration WARMUP = Duration.ofSeconds(Long.getLong("benchmark.warmupSeconds", 3));
    private static final Duration RUN = Duration.ofSeconds(Long.getLong("benchmark.seconds", 10));
    private static final String BODY = "{\"language\":\"cpp\",\"source\":\"#include <iostream>\\nint main(){std::string s;"
            + "std::cin>>s;std::cout<<\\\"hello \\\"<<s<<\\\"\\\\n\\\";}\",\"stdin\":\"world\"}";

    private static final int BATCH = 20;
    private static final String BATCH_BODY = "{\"submissions\":[" + String.join(",", Collections.nCopies(BATCH, BODY)) + "]}";

    @Test
    void run() throws Exception {
        EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 1);
        kafka.afterPropertiesSet();
        String brokers = kafka.getBrokersAsString();
        PostgresContainer postgres = PostgresContainer.shared();
        List<String> rows = new ArrayList<>();
        try (ConfigurableApplicationContext app = IngestApiApplication.builder().run(
                "--server.port=0", "--spring.kafka.bootstrap-servers=" + brokers,
                "--spring.datasource.url=" + postgres.jdbcUrl(),
                "--spring.datasource.username=" + postgres.username(),
                "--spring.datasource.password=" + postgres.password(),
                "--spring.datasource.hikari.maximum-pool-size=" + (CONCURRENCY + 4),
                "--spring.flyway.locations=filesystem:../storage/src/main/resources/db/migration",
                "--codeexec.api.key=bench-key", "--codeexec.api.storage.local.root=target/bench-objects",
                "--codeexec.api.rate-limit.requests-per-second=0", "--codeexec.api.rate-limit.max-in-flight=0",
                "--codeexec.api.backpressure.max-backlog=0", "--logging.level.root=WARN")) {
            int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .executor(Executors.newFixedThreadPool(4)).build();
            URI post = URI.create("http://127.0.0.1:" + port + "/api/v1/submissions");
            ConcurrentLinkedQueue<String> ids = new ConcurrentLinkedQueue<>();

            Phase rawKafka = rawProduce(brokers);
            rows.add(rawKafka.row("raw Kafka produce (same JVM, acks=all, wait for ack)"));

            measure(() -> postOnce(http, post, null), WARMUP);
            Phase posts = measure(() -> postOnce(http, post, ids), RUN);
            rows.add(posts.row("POST /api/v1/submissions -> 202"));

            URI batch = URI.create(post + "/batch");
            measure(() -> postBatch(http, batch), WARMUP);
            rows.add(measure(() -> postBatch(http, batch), RUN)
                    .row("POST /api/v1/submissions/batch (" + BATCH + " each) -> 200"));

            String[] known = ids.toArray(new String[0]);
            AtomicInteger next = new AtomicInteger();
            Phase gets = measure(() -> {
                String id = known[Math.floorMod(next.getAndIncrement(), known.length)];
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(post + "/" + id))
                        .header("X-Api-Key", "bench-key").GET().build(), HttpResponse.BodyHandlers.ofString());
                return r.statusCode() == 200;
            }, RUN);
            rows.add(gets.row("GET /api/v1/submissions/{id} -> 200"));
        } finally {
            kafka.destroy();
        }
        String table = String.format("%nBenchmark: %d concurrent clients on loopback, %ds per phase, %d cores%n",
                CONCURRENCY, RUN.toSeconds(), Runtime.getRuntime().availableProcessors())
                + String.format("| %-55s | %9s | %8s | %8s | %8s | %6s |%n", "operation", "ok/s", "p50 ms", "p99 ms",
                        "max ms", "errors")
                + "|" + "-".repeat(57) + "|" + "-".repeat(11) + "|" + "-".repeat(10) + "|" + "-".repeat(10) + "|"
                + "-".repeat(10) + "|" + "-".repeat(8) + "|%n".formatted()
                + String.join("", rows);
        System.out.print(table);
        Files.writeString(Path.of("target", "benchmark.txt"), table, StandardCharsets.UTF_8);
    }

    private static boolean postOnce(HttpClient http, URI post, ConcurrentLinkedQueue<String> ids) throws IOException,
            InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(post).header("Authorization", "Bearer bench-key")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(BODY)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 202) {
            return false;
        }
        if (ids != null && ids.size() < 10_000) {
            int at = r.body().indexOf("\"id\":\"");
            ids.add(r.body().substring(at + 6, r.body().indexOf('"', at + 6)));
        }
        return true;
    }

    /** True when every item of the batch was accepted. */
    private static boolean postBatch(HttpClient http, URI batch) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(batch).header("Authorization", "Bearer bench-key")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(BATCH_BODY)).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 && r.body().split("\"status\":\"QUEUED\"", -1).length - 1 == BATCH;
    }

    private static Phase rawProduce(String brokers) throws Exception {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 1);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config)) {
            Call send = () -> {
                String id = UUID.randomUUID().toString();
                byte[] value = RecordCodec.SUBMISSION.encode(Submission.of(id, "cpp", "int main(){}", "world"));
                producer.send(new ProducerRecord<>(Topics.SUBMISSIONS, id, value)).get();
                return true;
            };
            measure(send, WARMUP);
            return measure(send, RUN);
        }
    }

    @FunctionalInterface
    interface Call {
        boolean call() throws Exception;
    }

    /** Latencies (ns) of successful calls, errors, and the wall time of one phase. */
    record Phase(long[] latencies, int errors, Duration took) {
        String row(String name) {
            long[] sorted = latencies.clone();
            Arrays.sort(sorted);
            double perSecond = sorted.length / (took.toNanos() / 1e9);
            return String.format("| %-55s | %9.0f | %8.2f | %8.2f | %8.2f | %6d |%n", name, perSecond,
                    percentile(sorted, 0.50), percentile(sorted, 0.99),
                    sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6, errors);
        }

        private static double percentile(long[] sorted, double p) {
            return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1e6;
        }
    }

    private static Phase measure(Call call, Duration duration) throws InterruptedException {
        ExecutorService workers = Executors.newFixedThreadPool(CONCURRENCY);
        ConcurrentLinkedQueue<long[]> all = new ConcurrentLinkedQueue<>();
        AtomicInteger errors = new AtomicInteger();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        for (int w = 0; w < CONCURRENCY; w++) {
            workers.execute(() -> {
                long[] mine = new long[1 << 16];
                int n = 0;
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    boolean ok;
                    try {
                        ok = call.call();
                    } catch (Exception e) {
                        ok = false;
                    }
                    if (ok && n < mine.length) {
                        mine[n++] = System.nanoTime() - t0;
                    } else if (!ok) {
                        errors.incrementAndGet();
                    }
                }
                all.add(Arrays.copyOf(mine, n));
            });
        }
        workers.shutdown();
        workers.awaitTermination(duration.toSeconds() + 30, TimeUnit.SECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        return new Phase(all.stream().flatMapToLong(Arrays::stream).toArray(), errors.get(), took);
    }
}

package dev.codeexec.executor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeexec.executor.ExecutorApplication;
import dev.codeexec.executor.docker.DockerSandbox;
import dev.codeexec.executor.execution.CompileCachePort;
import dev.codeexec.executor.execution.CompileKey;
import dev.codeexec.executor.execution.ExecuteSubmission;
import dev.codeexec.executor.sandbox.BoxFile;
import dev.codeexec.schemas.languages.Language;
import dev.codeexec.schemas.languages.LanguageCatalogue;
import dev.codeexec.executor.sandbox.SandboxPort;
import dev.codeexec.executor.testing.TopicReader;
import dev.codeexec.schemas.Topics;
import dev.codeexec.schemas.Verdict;
import dev.codeexec.schemas.kafka.RecordCodec;
import dev.codeexec.schemas.v1.ExecutionResult;
import dev.codeexec.schemas.v1.Submission;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The executor's benchmark, on the real Docker engine and a real (embedded) broker: a Python hello
 * world end to end (record in, committed result out) with the warm pool, against python3 on the
 * host; a C++ submission with a compile-cache miss versus a hit; executions per second with all
 * slots busy. Not part of the test suite (its name is no *Test); run it with
 * {@code executor/bench.sh}. Prints a table and writes it to {@code target/benchmark.txt}.
 */
@SpringBootTest(classes = ExecutorApplication.class, properties = {
        "spring.config.name=executor",
        "codeexec.executor.slots=2",
        "codeexec.executor.partitions=2",
        "codeexec.executor.executor-id=executor-benchmark",
        "codeexec.executor.warm-pool-size=2",
        "logging.level.root=WARN"})
@EmbeddedKafka(partitions = 2, bootstrapServersProperty = "spring.kafka.bootstrap-servers", brokerProperties = {
        "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1"})
class ExecutorBenchmark {

    static final int RUNS = Integer.getInteger("benchmark.runs", 30);
    static final String CPP = """
            #include <iostream>
            int main() { std::cout << "hi\\n"; }
            """;

    @DynamicPropertySource
    static void freshCompileCache(DynamicPropertyRegistry registry) throws IOException {
        String dir = Files.createTempDirectory("codeexec-bench-cache").toString();
        registry.add("codeexec.executor.compile-cache.dir", () -> dir);
    }

    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    SandboxPort sandbox;
    @Autowired
    ExecuteSubmission executeSubmission;
    @Autowired
    CompileCachePort compileCache;

    final List<String> table = new ArrayList<>();
    final List<Long> queued = new ArrayList<>();
    final List<Long> delivered = new ArrayList<>();
    final List<Long> ran = new ArrayList<>();

    @Test
    void benchmark() throws Exception {
        DockerSandbox docker = (DockerSandbox) sandbox;
        assertThat(docker.hasImage("codeexec-runner-python:2") && docker.hasImage("codeexec-runner-cpp:2"))
                .as("runner images (runners/build.sh)").isTrue();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(), ProducerConfig.LINGER_MS_CONFIG, 0),
                new StringSerializer(), new ByteArraySerializer());
             TopicReader results = new TopicReader(broker.getBrokersAsString(), Topics.RESULTS, true)) {
            row("what", "n", "p50 ms", "p99 ms", "note");
            List<Long> host = time(RUNS, () -> hostPython());
            row("python3 hello on the host (baseline)", host, "");
            endToEnd(producer, results, 5); // warm-up: JIT, first transaction, pool refill
            queued.clear();
            delivered.clear();
            ran.clear();
            List<Long> e2e = time(RUNS, () -> endToEnd(producer, results, 1));
            row("python hello, Kafka in -> result out (warm)", e2e, String.format(Locale.ROOT, "%.1fx host p50",
                    ratio(e2e, host)));
            Collections.sort(queued);
            Collections.sort(delivered);
            Collections.sort(ran);
            row("  of which: record sent -> run starts", queued, "poll + RUNNING");
            row("  of which: the run (use case)", ran, "");
            row("  of which: run ends -> result readable", delivered, "transaction commit + fetch");
            List<Long> useCase = time(RUNS, () -> verdict(executeSubmission.execute(python("uc"))));
            row("python hello, use case only, back-to-back", useCase, "no Kafka; the pool refills behind");

            List<Long> miss = time(5, () -> verdict(executeSubmission.execute(
                    Submission.of("miss-" + UUID.randomUUID(), "cpp", CPP + "// " + UUID.randomUUID() + "\n", ""))));
            executeSubmission.execute(Submission.of("hit-0", "cpp", CPP, ""));
            List<Long> hit = time(RUNS, () -> verdict(executeSubmission.execute(Submission.of("hit-" + UUID.randomUUID(), "cpp", CPP, ""))));
            row("C++ submission, compile-cache miss", miss, "compile box + g++ + run box");
            row("C++ submission, compile-cache hit", hit, String.format(Locale.ROOT, "miss/hit %.1fx", ratio(miss, hit)));
            Language cpp = LanguageCatalogue.builtIn().find("cpp").orElseThrow();
            CompileKey key = CompileKey.of(cpp, cpp.compileArgv("main.cpp", List.of("main.cpp")),
                    List.of(new BoxFile("main.cpp", CPP.getBytes(StandardCharsets.UTF_8), false)));
            List<Long> lookupMicros = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                long t0 = System.nanoTime();
                assertThat(compileCache.find(key)).isPresent();
                lookupMicros.add((System.nanoTime() - t0) / 1_000);
            }
            Collections.sort(lookupMicros);
            row("C++ compile step on a hit: cache read (us)", lookupMicros, String.format(Locale.ROOT,
                    "compile step miss/hit %.0fx", (percentile(miss, 0.5) - percentile(hit, 0.5)) * 1000.0
                            / Math.max(1, percentile(lookupMicros, 0.5))));

            int burst = Math.max(20, RUNS);
            long t0 = System.nanoTime();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < burst; i++) {
                Submission s = python("burst");
                ids.add(s.id());
                producer.send(new ProducerRecord<>(Topics.SUBMISSIONS, s.id(), RecordCodec.SUBMISSION.encode(s)));
            }
            producer.flush();
            while (!results.poll().stream().map(r -> r.key()).toList().containsAll(ids)) {
                Thread.onSpinWait();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            row("python hello burst, 2 slots busy", String.valueOf(burst), "-", "-",
                    String.format(Locale.ROOT, "%.1f executions/s", burst / seconds));
        }
        String text = String.join("\n", table) + "\n";
        System.out.print(text);
        Files.writeString(Path.of("target", "benchmark.txt"), text);
    }

    private long endToEnd(KafkaProducer<String, byte[]> producer, TopicReader results, int times) {
        for (int i = 0; i < times; i++) {
            Submission s = python("e2e");
            Instant sent = Instant.now();
            producer.send(new ProducerRecord<>(Topics.SUBMISSIONS, s.id(), RecordCodec.SUBMISSION.encode(s)));
            List<ConsumerRecord<String, byte[]>> found;
            while ((found = results.withKey(s.id())).isEmpty()) {
                Thread.onSpinWait();
            }
            Instant seen = Instant.now();
            ExecutionResult result = RecordCodec.RESULT.decode(found.get(0).value());
            verdict(result);
            queued.add(Duration.between(sent, result.startedAt()).toMillis());
            ran.add(Duration.between(result.startedAt(), result.finishedAt()).toMillis());
            delivered.add(Duration.between(result.finishedAt(), seen).toMillis());
        }
        return 0;
    }

    /** Debian's interpreter, as in the box: a version-manager shim on PATH adds ~70 ms to the baseline. */
    private static final String HOST_PYTHON =
            Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";

    private static long hostPython() {
        try {
            Process p = new ProcessBuilder(HOST_PYTHON, "-B", "-c", "print('hello', input())").start();
            p.getOutputStream().write("world\n".getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            p.getInputStream().readAllBytes();
            return p.waitFor();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Submission python(String prefix) {
        return Submission.of(prefix + "-" + UUID.randomUUID(), "python", "print('hello', input())", "world");
    }

    private static long verdict(ExecutionResult result) {
        if (result.verdict() != Verdict.ACCEPTED) {
            throw new IllegalStateException(result.verdict() + ": " + result.verdictDetail());
        }
        return 0;
    }

    private static List<Long> time(int n, Supplier<Long> action) {
        List<Long> ms = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            action.get();
            ms.add((System.nanoTime() - t0) / 1_000_000);
        }
        Collections.sort(ms);
        return ms;
    }

    private static long percentile(List<Long> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    private static double ratio(List<Long> a, List<Long> b) {
        return (double) percentile(a, 0.5) / Math.max(1, percentile(b, 0.5));
    }

    private void row(String what, List<Long> sorted, String note) {
        row(what, String.valueOf(sorted.size()), String.valueOf(percentile(sorted, 0.5)),
                String.valueOf(percentile(sorted, 0.99)), note);
    }

    private void row(String what, String n, String p50, String p99, String note) {
        table.add(String.format(Locale.ROOT, "%-45s %4s %8s %8s  %s", what, n, p50, p99, note));
    }
}

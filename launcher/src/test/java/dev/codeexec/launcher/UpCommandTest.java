package dev.codeexec.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.codeexec.schemas.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code ./codeexec up} as a user runs it: start it, wait for the banner, paste the printed curl
 * example into a shell, fetch the result with the printed GET, press Ctrl-C, and find nothing left.
 */
class UpCommandTest {

    private static final Path REPO = Path.of("").toAbsolutePath().getParent();

    @TempDir
    Path dataDir;

    private Process up;
    private final List<String> output = new CopyOnWriteArrayList<>();

    @AfterEach
    void killIfStillRunning() {
        if (up != null && up.isAlive()) {
            up.destroyForcibly();
        }
    }

    @Test
    void startsPrintsAPasteableExampleAndStopsCleanlyOnCtrlC() throws Exception {
        RunnerImages.requirePresent("cpp");
        int kafkaPort = FreePorts.nextPair();
        int apiPort = FreePorts.next();
        ProcessBuilder builder = new ProcessBuilder(REPO.resolve("codeexec").toString(), "up")
                .directory(REPO.toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(Map.of(
                "CODEEXEC_DATA_DIR", dataDir.toString(),
                "CODEEXEC_SKIP_BUILD", "1",
                "CODEEXEC_RUNNERS", "cpp",
                "CODEEXEC_API_PORT", Integer.toString(apiPort),
                "CODEEXEC_SINK_PORT", Integer.toString(FreePorts.next()),
                "CODEEXEC_EXECUTOR_PORT", Integer.toString(FreePorts.next()),
                "CODEEXEC_KAFKA_PORT", Integer.toString(kafkaPort),
                "CODEEXEC_POSTGRES_PORT", Integer.toString(FreePorts.next()),
                "CODEEXEC_PARTITIONS", "2",
                "CODEEXEC_LOG_FORMAT", "ecs"));
        builder.environment().remove("CODEEXEC_API_KEY");
        up = builder.start();
        Thread reader = new Thread(this::readOutput, "codeexec-up-output");
        reader.setDaemon(true);
        reader.start();

        await().atMost(Duration.ofMinutes(3)).until(() -> output.contains("Ctrl-C stops everything.") || !up.isAlive());
        assertThat(up.isAlive()).as(String.join("\n", output)).isTrue();
        assertThat(output).contains("[codeexec] data directory: " + dataDir);
        String key = Files.readString(dataDir.resolve("api-key")).strip();
        assertThat(output).anySatisfy(line -> assertThat(line).isEqualTo("  API key:     " + key));

        JsonNode accepted = Json.mapper().readTree(shell(line("curl -X POST")));
        String id = accepted.path("id").asString();
        assertThat(accepted.path("status").asString()).as(accepted.toString()).isEqualTo("QUEUED");
        String get = line("/api/v1/submissions/ID").replace("/ID", "/" + id);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                assertThat(Json.mapper().readTree(shell(get)).path("stdout").asString()).isEqualTo("hello world\n"));

        // CODEEXEC_LOG_FORMAT=ecs: the services log JSON lines, and each stage of this run carries its id
        Path log = dataDir.resolve("logs/services.log");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(loggersWithId(log, id)).contains(
                "dev.codeexec.api.submission.SubmitSubmission",
                "dev.codeexec.executor.transport.SubmissionListener",
                "dev.codeexec.sink.observability.ObservedResultStore"));
        // tracing: the curl example sent no traceparent, so the API started a trace that the executor
        // and the sink joined; a client's traceparent is continued, its trace id on every stage's lines
        assertThat(traceIdsOf(log, id)).as("one new trace across the three services").singleElement()
                .asString().matches("[0-9a-f]{32}");
        String traceId = "0af7651916cd43dd8448eb211c80319c";
        String traced = new ApiClient("http://127.0.0.1:" + apiPort, key).submit(
                "{\"language\":\"cpp\",\"source\":\"int main() { return 0; }\"}",
                Map.of("traceparent", "00-" + traceId + "-b7ad6b7169203331-01")).json().path("id").asString();
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(loggersWithTrace(log, traced, traceId)).contains(
                "dev.codeexec.api.submission.SubmitSubmission",
                "dev.codeexec.executor.transport.SubmissionListener",
                "dev.codeexec.sink.observability.ObservedResultStore"));

        new ProcessBuilder("kill", "-INT", Long.toString(up.pid())).inheritIO().start().waitFor();

        assertThat(up.waitFor(60, TimeUnit.SECONDS)).as("exits after Ctrl-C").isTrue();
        assertThat(output).contains("[codeexec] stopped");
        assertThat(BoxJanitor.leftoverBoxes(StandalonePipeline.executorId(dataDir.toAbsolutePath().normalize()))).isEmpty();
        assertThat(Files.exists(dataDir.resolve("kafka/broker.pid"))).as("broker stopped").isFalse();
        assertThat(Files.exists(dataDir.resolve("postgres/data/postmaster.pid"))).as("PostgreSQL stopped").isFalse();
        // no metrics pushed to a collector nobody configured (each push, and the last one at the stop, logged a refused connection)
        assertThat(Files.readAllLines(log).stream().filter(line -> line.contains("OTLP receiver")).toList()).isEmpty();

        // the output is in the local object store, where ./codeexec objects reads it
        assertThat(objects("get", "submissions/" + id + "/runs/0/stdout")).isEqualTo("hello world\n");
        assertThat(objects("list", "submissions/" + id + "/")).isEqualTo("12\tsubmissions/" + id + "/runs/0/stdout\n");
        assertThat(objects("check")).endsWith(" damaged, 0 files of bytes cut off from packs\n").contains(" 0 damaged");
    }

    /** The loggers of the JSON log lines whose {@code submissionId} is {@code id}; every line must be JSON. */
    private static List<String> loggersWithId(Path log, String id) throws IOException {
        List<String> loggers = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            JsonNode json = Json.mapper().readTree(line);
            if (id.equals(json.path("submissionId").asString(""))) {
                loggers.add(json.path("log").path("logger").asString(json.path("log.logger").asString("")));
            }
        }
        return loggers;
    }

    /** The loggers of the JSON log lines about submission {@code id} that carry trace id {@code traceId}. */
    private static List<String> loggersWithTrace(Path log, String id, String traceId) throws IOException {
        List<String> loggers = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            JsonNode json = Json.mapper().readTree(line);
            if (id.equals(json.path("submissionId").asString("")) && traceId.equals(json.path("traceId").asString(""))) {
                loggers.add(json.path("log").path("logger").asString(json.path("log.logger").asString("")));
            }
        }
        return loggers;
    }

    /**
     * The trace ids on codeexec's own JSON log lines about submission {@code id} (a line without one
     * counts as ""). Kafka's client lines are left out: the executor's transactional producer logs
     * its creation when the container opens the transaction, before the listener joins the trace.
     */
    private static java.util.Set<String> traceIdsOf(Path log, String id) throws IOException {
        java.util.Set<String> traceIds = new java.util.TreeSet<>();
        for (String line : Files.readAllLines(log)) {
            JsonNode json = Json.mapper().readTree(line);
            String logger = json.path("log").path("logger").asString(json.path("log.logger").asString(""));
            if (id.equals(json.path("submissionId").asString("")) && logger.startsWith("dev.codeexec.")) {
                traceIds.add(json.path("traceId").asString(""));
            }
        }
        return traceIds;
    }

    /** {@code ./codeexec objects ARGS} on the test's data directory; its standard output. */
    private String objects(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(REPO.resolve("codeexec").toString(), "objects"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(REPO.toFile());
        builder.environment().putAll(Map.of("CODEEXEC_DATA_DIR", dataDir.toString(), "CODEEXEC_SKIP_BUILD", "1"));
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", command) + "\n" + err).isZero();
        return out;
    }

    /** The printed example line that contains {@code marker}, as the user would copy it. */
    private String line(String marker) {
        return output.stream().filter(l -> l.contains(marker)).findFirst().orElseThrow().strip();
    }

    private static String shell(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-c", command + " --silent --show-error").start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(command + "\n" + err).isZero();
        return out;
    }

    private void readOutput() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(up.getInputStream(), StandardCharsets.UTF_8))) {
            String l;
            while ((l = r.readLine()) != null) {
                output.add(l);
                System.out.println("[up] " + l);
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }
}

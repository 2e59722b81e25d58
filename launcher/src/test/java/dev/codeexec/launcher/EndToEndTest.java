package dev.codeexec.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.codeexec.schemas.DeadLetterHeaders;
import dev.codeexec.schemas.Topics;
import dev.codeexec.schemas.json.Json;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The whole pipeline, as the standalone mode runs it: a real Kafka broker process, a real
 * PostgreSQL, the three services and real Docker containers (the runner images must exist:
 * {@code ./codeexec test} builds them first).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndToEndTest {

    private static final Duration RESULT_TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    static Path dataDir;

    private StandalonePipeline pipeline;
    private ApiClient api;

    @BeforeAll
    void startPipeline() {
        RunnerImages.requirePresent("cpp", "python");
        int kafkaPort = FreePorts.nextPair();
        StandaloneSettings settings = new StandaloneSettings(dataDir, FreePorts.next(), FreePorts.next(),
                FreePorts.next(), kafkaPort, kafkaPort + 1, FreePorts.next(), 3, Optional.empty());
        pipeline = new StandalonePipeline(settings).start(line -> System.out.println("[e2e] " + line));
        api = new ApiClient(pipeline.apiBaseUrl(), pipeline.apiKey());
    }

    @AfterAll
    void stopPipeline() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void cppProgramFromTheReadmeGreetsItsStdinOverRest() {
        ApiClient.Answer accepted = api.submit(Banner.EXAMPLE_BODY);

        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String id = accepted.json().path("id").asString();
        assertThat(accepted.json().path("status").asString()).isEqualTo("QUEUED");
        ApiClient.Answer rightAfter = api.get(id);
        assertThat(rightAfter.status()).as(rightAfter.body()).isEqualTo(200);

        JsonNode done = awaitCompleted(id);
        assertThat(done.path("verdict").asString()).isEqualTo("ACCEPTED");
        assertThat(done.path("stdout").asString()).isEqualTo("hello world\n");
        assertThat(done.path("exitCode").asInt()).isZero();
        assertThat(done.has("wallTimeMs")).isTrue();
        assertThat(done.has("cpuTimeMs")).isTrue();
        assertThat(done.has("memoryKb")).isTrue();
    }

    @Test
    void pythonProgramRunsOverRest() {
        String body = "{\"language\":\"python\",\"source\":\"import sys\\nprint(sum(int(x) for x in sys.stdin.read().split()))\","
                + "\"stdin\":\"1 2 3 4\"}";
        ApiClient.Answer accepted = api.submit(body);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);

        JsonNode done = awaitCompleted(accepted.json().path("id").asString());
        assertThat(done.path("verdict").asString()).isEqualTo("ACCEPTED");
        assertThat(done.path("stdout").asString()).isEqualTo("10\n");
        assertThat(done.path("exitCode").asInt()).isZero();
    }

    @Test
    void unknownIdIsA404ProblemDocument() {
        ApiClient.Answer answer = api.get(UUID.randomUUID().toString());

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().path("status").asInt()).isEqualTo(404);
    }

    @Test
    void requestWithoutKeyIsRefused() {
        assertThat(api.getWithoutKey(UUID.randomUUID().toString()).status()).isEqualTo(401);
    }

    @Test
    void submissionProducedStraightToKafkaGivesAResultRecordAndARow() throws Exception {
        String id = UUID.randomUUID().toString();
        String record = "{\"schemaVersion\":1,\"id\":\"" + id + "\",\"language\":\"python\","
                + "\"source\":\"print(input()[::-1])\",\"stdin\":\"olleh\"}";

        produce(id, record);

        JsonNode result = Json.mapper().readTree(awaitRecord(Topics.RESULTS, id).value());
        assertThat(result.path("verdict").asString()).isEqualTo("ACCEPTED");
        assertThat(result.path("runs").get(0).path("stdout").path("data").asString()).isEqualTo("hello\n");
        await().atMost(RESULT_TIMEOUT).untilAsserted(() ->
                assertThat(row(id)).containsEntry("status", "COMPLETED").containsEntry("verdict", "ACCEPTED"));
    }

    /**
     * The same submission record twice (a keyed retry that sent the id again after a stalled broker
     * appended the first record late, or a producer sending twice): the program runs once, with one
     * result and one RUNNING, and the executor counts the record it skipped.
     */
    @Test
    void aSecondRecordOfASubmissionThatRanIsSkippedAndTheProgramRunsOnce() throws Exception {
        int port = pipeline.settings().executorPort();
        double skippedBefore = PrometheusScrape.of(port).value("codeexec_executor_duplicates_skipped_total");
        String id = UUID.randomUUID().toString();
        String record = "{\"schemaVersion\":1,\"id\":\"" + id + "\",\"language\":\"python\","
                + "\"source\":\"import time\\nprint(time.time_ns())\"}";

        produce(id, record);
        String firstStdout = Json.mapper().readTree(awaitRecord(Topics.RESULTS, id).value())
                .path("runs").get(0).path("stdout").path("data").asString();
        produce(id, record);

        await().atMost(RESULT_TIMEOUT).untilAsserted(() -> assertThat(PrometheusScrape.of(port)
                .value("codeexec_executor_duplicates_skipped_total")).isGreaterThan(skippedBefore));
        List<ConsumerRecord<String, String>> results = allRecords(Topics.RESULTS, id);
        assertThat(results).as("results of %s", id).hasSize(1);
        assertThat(Json.mapper().readTree(results.get(0).value()).path("runs").get(0).path("stdout").path("data").asString())
                .isEqualTo(firstStdout);
        assertThat(allRecords(Topics.STATUS, id).stream().filter(r -> r.value().contains("\"RUNNING\""))).hasSize(1);
        assertThat(awaitCompleted(id).path("stdout").asString()).isEqualTo(firstStdout);
    }

    @Test
    void poisonRecordGoesToTheDeadLetterTopicAndTheNextRecordStillCompletes() throws Exception {
        String id = UUID.randomUUID().toString();
        String valid = "{\"schemaVersion\":1,\"id\":\"" + id + "\",\"language\":\"python\","
                + "\"source\":\"print('after the poison')\"}";

        produce(id, "this is not JSON {");
        produce(id, valid);

        ConsumerRecord<String, String> dead = awaitRecord(Topics.SUBMISSIONS_DLT, id);
        assertThat(dead.value()).isEqualTo("this is not JSON {");
        assertThat(header(dead, DeadLetterHeaders.REASON)).isEqualTo("NOT_JSON");
        JsonNode result = Json.mapper().readTree(awaitRecord(Topics.RESULTS, id).value());
        assertThat(result.path("verdict").asString()).isEqualTo("ACCEPTED");
        assertThat(result.path("runs").get(0).path("stdout").path("data").asString()).isEqualTo("after the poison\n");
    }

    /**
     * Issue 10's report: a NUL in metadata was answered 202, then 404 for good, and the sink retried
     * its batch forever: 7 of 12 ordinary submissions sent right after it never completed.
     */
    @Test
    void aNulInMetadataIsRefusedOverRestRejectedFromKafkaAndStallsNothing() throws Exception {
        String nulMetadata = "\"metadata\":{\"k\":\"a\\u0000b\"}";
        ApiClient.Answer refused = api.submit("{\"language\":\"python\",\"source\":\"print(1)\"," + nulMetadata + "}");
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().path("field").asString()).isEqualTo("metadata.k");

        String poisoned = UUID.randomUUID().toString();
        produce(poisoned, "{\"schemaVersion\":1,\"id\":\"" + poisoned + "\",\"language\":\"python\","
                + "\"source\":\"print(1)\"," + nulMetadata + "}");
        List<String> ordinary = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ApiClient.Answer accepted = api.submit("{\"language\":\"python\",\"source\":\"print(" + i + ")\"}");
            assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
            ordinary.add(accepted.json().path("id").asString());
        }

        for (int i = 0; i < ordinary.size(); i++) {
            JsonNode done = awaitCompleted(ordinary.get(i));
            assertThat(done.path("verdict").asString()).isEqualTo("ACCEPTED");
            assertThat(done.path("stdout").asString()).isEqualTo(i + "\n");
        }
        JsonNode rejected = awaitCompleted(poisoned);
        assertThat(rejected.path("verdict").asString()).isEqualTo("REJECTED");
        assertThat(rejected.path("verdictDetail").asString()).startsWith("metadata.k: holds a NUL character");
    }

    @Test
    void codeexecRunShowsProgressTheOutputAndTheVerdictOfAProgramReadingItsStdin(@TempDir Path work) throws Exception {
        Files.writeString(work.resolve("greet.py"), "print('hello ' + input())\n");

        CodeexecRun run = CodeexecRun.run(dataDir, work, "world\n", "greet.py", "--stdin", "-");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stderr()).contains("submitted greet.py as python: " + pipeline.apiBaseUrl() + "/api/v1/submissions/")
                .contains("COMPLETED: ACCEPTED");
        assertThat(run.stdout()).startsWith("--- stdout ---\nhello world\n").endsWith("verdict: ACCEPTED\n");
        assertThat(run.stdout().lines()).anySatisfy(l -> assertThat(l).matches("0 +- +ACCEPTED +0 +\\d+ +\\d+ +\\d+"));
    }

    @Test
    void codeexecRunWithTestsTablesEachCaseAndExitsTenOnAWrongAnswer(@TempDir Path work) throws Exception {
        // the pause makes the second test case start well after `run` follows the submission's events
        Files.writeString(work.resolve("sum.py"), "import time\ntime.sleep(0.5)\nprint(sum(int(x) for x in input().split()))\n");
        Path tests = Files.createDirectory(work.resolve("tests"));
        Files.writeString(tests.resolve("1.in"), "1 2\n");
        Files.writeString(tests.resolve("1.out"), "3\n");
        Files.writeString(tests.resolve("2.in"), "5 5\n");
        Files.writeString(tests.resolve("2.out"), "11\n");

        CodeexecRun run = CodeexecRun.run(dataDir, work, "", "sum.py", "--tests", "tests", "--limit", "cpu=1000,memory=128");

        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(10);
        assertThat(run.stderr()).as("progress, live").contains("RUNNING: test case 2 of 2")
                .contains("COMPLETED: WRONG_ANSWER");
        assertThat(run.stdout()).contains("--- stdout (test case 1, 2.in) ---\n10\n", "--- expected (test case 1, 2.in) ---\n11\n")
                .endsWith("verdict: WRONG_ANSWER (test case 1: output differs from the expected output (compare mode trim))\n");
        assertThat(run.stdout().lines()).anySatisfy(l -> assertThat(l).matches("0 +1 +ACCEPTED +0 .*"))
                .anySatisfy(l -> assertThat(l).matches("1 +2 +WRONG_ANSWER +0 .*output differs.*"));
    }

    @Test
    void codeexecRunShowsTheCompilerOutputAndExitsElevenOnACompileError(@TempDir Path work) throws Exception {
        Files.writeString(work.resolve("broken.cpp"), "int main( { return 0; }\n");

        CodeexecRun run = CodeexecRun.run(dataDir, work, "", "broken.cpp");

        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(11);
        assertThat(run.stdout()).startsWith("--- compile output ---\n").contains("error:")
                .contains("verdict: COMPILATION_ERROR");
    }

    @Test
    void codeexecRunOnADirectorySubmitsABatchAndPrintsASummary(@TempDir Path work) throws Exception {
        Path dir = Files.createDirectory(work.resolve("programs"));
        Files.writeString(dir.resolve("a-hello.py"), "print('hi')\n");
        Files.writeString(dir.resolve("b-crash.py"), "raise SystemExit(3)\n");
        Files.writeString(dir.resolve("c-broken.cpp"), "int main( {}\n");
        Files.writeString(dir.resolve("notes.txt"), "not a program\n");

        CodeexecRun run = CodeexecRun.run(dataDir, work, "", "programs");

        assertThat(run.exitCode()).as("the first failing program's: RUNTIME_ERROR").isEqualTo(12);
        assertThat(run.stderr()).contains("skipped (no language for their extension): notes.txt",
                "submitted 3 program(s) as a batch", "b-crash.py: COMPLETED: RUNTIME_ERROR");
        List<String> lines = run.stdout().lines().toList();
        assertThat(lines.get(0)).matches("file +language +verdict +cpu ms +wall ms +memory KB +id +detail");
        assertThat(lines.get(2)).matches("a-hello\\.py +python +ACCEPTED .*");
        assertThat(lines.get(3)).matches("b-crash\\.py +python +RUNTIME_ERROR .*");
        assertThat(lines.get(4)).matches("c-broken\\.cpp +cpp +COMPILATION_ERROR .*");
        assertThat(lines.get(5)).isEqualTo("1 of 3 ACCEPTED");
    }

    @Test
    void codeexecRunRefusesAFileOfUnknownLanguageWithTheKnownExtensions(@TempDir Path work) throws Exception {
        Files.writeString(work.resolve("notes.txt"), "hello\n");

        CodeexecRun run = CodeexecRun.run(dataDir, work, "", "notes.txt");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("cannot tell the language of notes.txt from its extension", ".py", "--language");
        assertThat(run.stdout()).isEmpty();
    }

    @Test
    void thePlaygroundPageRunsWhatIsTypedIntoItsEditorAndShowsTheOutcome() throws Exception {
        List<PlaygroundBrowser.Shown> shown = PlaygroundBrowser.run(pipeline.apiBaseUrl() + "/", pipeline.apiKey(),
                List.of(PlaygroundBrowser.Scenario.of("python", "python",
                                "import sys\nname = sys.stdin.read().strip()\nprint('hello ' + name[::-1])\n")
                                .stdin("cexedoc").reopenItsLink(),
                        PlaygroundBrowser.Scenario.of("cpp-compile-error", "cpp", "int main() { return undefined_name; }\n"),
                        PlaygroundBrowser.Scenario.of("python-tle", "python", "while True: pass\n")
                                .limits(Map.of("cpuTimeMs", 500L)),
                        PlaygroundBrowser.Scenario.of("test-cases", "python", "print(int(input()) * 2)\n")
                                .testCases(new PlaygroundBrowser.TestCase("2", "4"),
                                        new PlaygroundBrowser.TestCase("3", "7")),
                        PlaygroundBrowser.Scenario.of("limit-over-maximum", "python", "print(1)\n")
                                .limits(Map.of("cpuTimeMs", 100_000_000L)),
                        PlaygroundBrowser.Scenario.of("binary-output", "python",
                                "import sys\nsys.stdout.buffer.write(b'\\xff\\x00A\\n')\n"),
                        PlaygroundBrowser.Scenario.of("wrong-key", "python", "print(1)\n").key("not-the-key")));

        PlaygroundBrowser.Shown python = shown.get(0);
        assertThat(python.status()).as(python.toString()).isEqualTo("COMPLETED");
        assertThat(python.verdict()).as(python.toString()).isEqualTo("ACCEPTED");
        assertThat(python.stdout()).isEqualTo("hello codexec\n");
        assertThat(python.metrics()).containsEntry("exit", "0").containsKeys("CPU time", "wall time", "memory");
        assertThat(python.share()).startsWith("#/submissions/");
        assertThat(python.reopened()).as("the submission's link in a new tab").isNotNull();
        assertThat(python.reopened().verdict()).isEqualTo("ACCEPTED");
        assertThat(python.reopened().stdout()).isEqualTo("hello codexec\n");

        PlaygroundBrowser.Shown compileError = shown.get(1);
        assertThat(compileError.verdict()).as(compileError.toString()).isEqualTo("COMPILATION_ERROR");
        assertThat(compileError.compileOutput()).contains("error").contains("undefined_name");

        PlaygroundBrowser.Shown tle = shown.get(2);
        assertThat(tle.verdict()).as(tle.toString()).isEqualTo("TIME_LIMIT_EXCEEDED");
        assertThat(tle.detail()).contains("500 ms");
        assertThat(tle.metrics()).containsEntry("time limit", "cpu");

        PlaygroundBrowser.Shown cases = shown.get(3);
        assertThat(cases.verdict()).as(cases.toString()).isEqualTo("WRONG_ANSWER");
        assertThat(cases.statuses()).as("statuses shown while it ran").contains("QUEUED", "COMPLETED");
        assertThat(cases.runs()).extracting(row -> row.subList(0, 2))
                .containsExactly(List.of("0", "ACCEPTED"), List.of("1", "WRONG_ANSWER"));
        assertThat(cases.detail()).startsWith("test case 1:");

        PlaygroundBrowser.Shown overMaximum = shown.get(4);
        assertThat(overMaximum.error()).as(overMaximum.toString()).startsWith("422").contains("cpuTimeMs");
        assertThat(overMaximum.verdict()).isNull();

        PlaygroundBrowser.Shown binary = shown.get(5);
        assertThat(binary.verdict()).as(binary.toString()).isEqualTo("ACCEPTED");
        assertThat(binary.stdout()).isEqualTo("\uFFFD\u0000A\n");
        assertThat(binary.stdoutNote()).contains("binary: 4 bytes");

        PlaygroundBrowser.Shown refused = shown.get(6);
        assertThat(refused.error()).as(refused.toString()).startsWith("401");
        assertThat(refused.verdict()).isNull();
    }

    @Test
    void theApiServesPrometheusCountingSubmissionsAcceptedAndRefusedByReason() throws Exception {
        int port = pipeline.settings().apiPort();
        PrometheusScrape before = PrometheusScrape.of(port);

        assertThat(api.submit("{\"language\":\"python\",\"source\":\"print(1)\"}").status()).isEqualTo(202);
        assertThat(api.submit("{\"language\":\"python\",\"source\":\"print(1)\",\"limits\":{\"cpuTimeMs\":999999}}")
                .status()).isEqualTo(422);
        assertThat(api.submit("{\"language\":\"cobol\",\"source\":\"x\"}").status()).isEqualTo(400);

        PrometheusScrape after = PrometheusScrape.of(port);
        String submissions = "codeexec_api_submissions_total";
        assertThat(after.value(submissions, Map.of("outcome", "accepted")) - before.value(submissions, Map.of("outcome", "accepted")))
                .isEqualTo(1);
        assertThat(after.value(submissions, Map.of("outcome", "refused", "reason", "unprocessable"))
                - before.value(submissions, Map.of("outcome", "refused", "reason", "unprocessable"))).isEqualTo(1);
        assertThat(after.value(submissions, Map.of("outcome", "refused", "reason", "invalid"))
                - before.value(submissions, Map.of("outcome", "refused", "reason", "invalid"))).isEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            PrometheusScrape scrape = PrometheusScrape.of(port);
            assertThat(scrape.value("codeexec_api_backlog")).isNotNaN().isGreaterThanOrEqualTo(0);
            List<String> partitions = scrape.samples().stream()
                    .filter(s -> s.name().equals("codeexec_api_backlog_partition") && !Double.isNaN(s.value()))
                    .map(s -> s.labels().get("partition")).sorted().toList();
            assertThat(partitions).as("a lag per partition of the submissions topic").containsExactly("0", "1", "2");
        });
    }

    /**
     * Every service's port answers an error in problem+json, as the API does: an unknown path (404,
     * from Spring MVC) and a path Tomcat refuses before the service sees it (400, over a raw socket,
     * as Java's HTTP client will not send it), never Tomcat's HTML page nor Boot's own JSON.
     */
    @Test
    void theSinkAndTheExecutorAnswerErrorsInProblemJson() throws Exception {
        for (int port : new int[] {pipeline.settings().sinkPort(), pipeline.settings().executorPort()}) {
            for (String[] row : new String[][] {{"/no-such-page", "404"}, {"/..%2f..%2fetc%2fpasswd", "400"}}) {
                String answer;
                try (Socket socket = new Socket("127.0.0.1", port)) {
                    socket.setSoTimeout(10_000);
                    socket.getOutputStream().write(("GET " + row[0] + " HTTP/1.0\r\nHost: localhost\r\n"
                            + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                }
                String head = answer.substring(0, answer.indexOf("\r\n\r\n"));
                JsonNode problem = Json.mapper().readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
                assertThat(head).as("port %d, %s", port, row[0]).startsWith("HTTP/1.1 " + row[1])
                        .containsIgnoringCase("content-type: application/problem+json");
                assertThat(problem.path("status").asInt()).as("port %d, %s", port, row[0]).isEqualTo(Integer.parseInt(row[1]));
            }
        }
    }

    /** Other tests run work on the same stack: deltas are at least this test's own work. */
    @Test
    void theExecutorServesPrometheusWithExecutionsByLanguageAndVerdictTheirDurationsAndDeadLetters() throws Exception {
        int port = pipeline.settings().executorPort();
        PrometheusScrape before = PrometheusScrape.of(port);
        Map<String, String> pythonAccepted = Map.of("language", "python", "verdict", "ACCEPTED");
        Map<String, String> pythonCrashed = Map.of("language", "python", "verdict", "RUNTIME_ERROR");

        String ok = api.submit("{\"language\":\"python\",\"source\":\"print(2)\"}").json().path("id").asString();
        String crash = api.submit("{\"language\":\"python\",\"source\":\"raise SystemExit(3)\"}").json().path("id").asString();
        produce(UUID.randomUUID().toString(), "not JSON at all");
        assertThat(awaitCompleted(ok).path("verdict").asString()).isEqualTo("ACCEPTED");
        assertThat(awaitCompleted(crash).path("verdict").asString()).isEqualTo("RUNTIME_ERROR");

        await().atMost(RESULT_TIMEOUT).untilAsserted(() -> {
            PrometheusScrape after = PrometheusScrape.of(port);
            assertThat(after.value("codeexec_executor_results_total", pythonAccepted)
                    - before.value("codeexec_executor_results_total", pythonAccepted)).isGreaterThanOrEqualTo(1);
            assertThat(after.value("codeexec_executor_results_total", pythonCrashed)
                    - before.value("codeexec_executor_results_total", pythonCrashed)).isGreaterThanOrEqualTo(1);
            assertThat(after.value("codeexec_executor_execution_seconds_count", pythonCrashed)
                    - before.value("codeexec_executor_execution_seconds_count", pythonCrashed)).isGreaterThanOrEqualTo(1);
            assertThat(after.bucketBounds("codeexec_executor_execution_seconds", pythonCrashed))
                    .contains("0.1", "1.0", "10.0", "60.0", "+Inf");
            assertThat(after.value("codeexec_executor_execution_seconds_bucket", Map.of("language", "python",
                    "verdict", "RUNTIME_ERROR", "le", "+Inf"))).isEqualTo(after.value("codeexec_executor_execution_seconds_count",
                    pythonCrashed));
            assertThat(after.value("codeexec_executor_dead_letters_total", Map.of("reason", "NOT_JSON"))
                    - before.value("codeexec_executor_dead_letters_total", Map.of("reason", "NOT_JSON"))).isGreaterThanOrEqualTo(1);
            assertThat(after.value("codeexec_executor_slots")).isPositive();
        });
    }

    /**
     * Every metric the Grafana dashboard (deploy/grafana) queries is served by one of the three
     * services. Its own work first, so the counters that appear on first use exist: a result, a
     * record that is not JSON on the submissions and on the results topic (awaited, so that no
     * other test counts them).
     */
    @Test
    void theGrafanaDashboardQueriesOnlyMetricsTheServicesServe() throws Exception {
        Map<String, Set<String>> queries = DashboardQueries.read(DashboardQueries.CODEEXEC);
        int[] ports = {pipeline.settings().apiPort(), pipeline.settings().executorPort(), pipeline.settings().sinkPort()};
        Map<String, String> notJson = Map.of("reason", "NOT_JSON");
        Map<String, String> unreadableResult = Map.of("topic", Topics.RESULTS, "reason", "NOT_JSON");
        double executorDeadLetters = PrometheusScrape.of(ports[1]).value("codeexec_executor_dead_letters_total", notJson);
        double sinkDeadLetters = PrometheusScrape.of(ports[2]).value("codeexec_sink_dead_letters_total", unreadableResult);
        String id = api.submit("{\"language\":\"python\",\"source\":\"print(5)\"}").json().path("id").asString();
        produce(UUID.randomUUID().toString(), "not JSON either");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.RESULTS, UUID.randomUUID().toString(), "{nor this")).get(30, TimeUnit.SECONDS);
        }
        assertThat(awaitCompleted(id).path("verdict").asString()).isEqualTo("ACCEPTED");

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<PrometheusScrape> scrapes = new ArrayList<>();
            for (int port : ports) {
                scrapes.add(PrometheusScrape.of(port));
            }
            assertThat(scrapes.get(1).value("codeexec_executor_dead_letters_total", notJson)).isGreaterThan(executorDeadLetters);
            assertThat(scrapes.get(2).value("codeexec_sink_dead_letters_total", unreadableResult)).isGreaterThan(sinkDeadLetters);
            Set<String> served = new java.util.HashSet<>();
            scrapes.forEach(scrape -> scrape.samples().forEach(sample -> served.add(sample.name())));
            List<String> unknown = new ArrayList<>();
            queries.forEach((expr, names) -> names.stream().filter(name -> !served.contains(name))
                    .forEach(name -> unknown.add(name + " in " + expr)));
            assertThat(unknown).as("metrics the dashboard queries that no service serves").isEmpty();
        });
    }

    @Test
    void theSinkServesPrometheusWithResultsStoredPersistLatencyAndDeadLetters() throws Exception {
        int port = pipeline.settings().sinkPort();
        PrometheusScrape before = PrometheusScrape.of(port);
        Map<String, String> wrongAnswer = Map.of("verdict", "WRONG_ANSWER");
        Map<String, String> unreadableResult = Map.of("topic", Topics.RESULTS, "reason", "NOT_JSON");

        String id = api.submit("{\"language\":\"python\",\"source\":\"print(3)\",\"expectedOutput\":\"4\"}")
                .json().path("id").asString();
        assertThat(awaitCompleted(id).path("verdict").asString()).isEqualTo("WRONG_ANSWER");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.RESULTS, UUID.randomUUID().toString(), "{not a result")).get(30, TimeUnit.SECONDS);
        }

        await().atMost(RESULT_TIMEOUT).untilAsserted(() -> {
            PrometheusScrape after = PrometheusScrape.of(port);
            assertThat(after.value("codeexec_sink_results_stored_total", wrongAnswer)
                    - before.value("codeexec_sink_results_stored_total", wrongAnswer)).isGreaterThanOrEqualTo(1);
            assertThat(after.value("codeexec_sink_persist_seconds_count", Map.of("outcome", "stored"))
                    - before.value("codeexec_sink_persist_seconds_count", Map.of("outcome", "stored"))).isGreaterThanOrEqualTo(1);
            assertThat(after.bucketBounds("codeexec_sink_persist_seconds", Map.of("outcome", "stored")))
                    .contains("0.005", "0.1", "5.0", "+Inf");
            assertThat(after.value("codeexec_sink_statuses_stored_total")).isGreaterThan(before.value("codeexec_sink_statuses_stored_total"));
            assertThat(after.value("codeexec_sink_dead_letters_total", unreadableResult)
                    - before.value("codeexec_sink_dead_letters_total", unreadableResult)).isEqualTo(1);
        });
    }

    /**
     * Tracing: a client's W3C {@code traceparent} is continued by the API and carried in the headers
     * of the submission, status and result records (the executor answers in the submission's trace).
     * Without one, a new trace starts and is carried just the same. {@code UpCommandTest} checks the
     * services' JSON log lines carry the trace id.
     */
    @Test
    void aClientTraceparentIsContinuedThroughTheKafkaHeadersOfSubmissionStatusAndResult() throws Exception {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String traceparent = "00-" + traceId + "-00f067aa0ba902b7-01";

        ApiClient.Answer accepted = api.submit("{\"language\":\"python\",\"source\":\"print('traced')\"}",
                Map.of("traceparent", traceparent));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String id = accepted.json().path("id").asString();
        assertThat(awaitCompleted(id).path("stdout").asString()).isEqualTo("traced\n");

        assertThat(traceIdOf(awaitRecord(Topics.SUBMISSIONS, id))).as("submission record").isEqualTo(traceId);
        assertThat(traceIdOf(awaitRecord(Topics.RESULTS, id))).as("result record").isEqualTo(traceId);
        List<ConsumerRecord<String, String>> statuses = awaitRecords(Topics.STATUS, id, 2);
        assertThat(statuses).as("RUNNING and COMPLETED").allSatisfy(r -> assertThat(traceIdOf(r)).isEqualTo(traceId));

        String untraced = api.submit("{\"language\":\"python\",\"source\":\"print(1)\"}").json().path("id").asString();
        awaitCompleted(untraced);
        String newTrace = traceIdOf(awaitRecord(Topics.SUBMISSIONS, untraced));
        assertThat(newTrace).as("a new trace").matches("[0-9a-f]{32}").isNotEqualTo(traceId).isNotEqualTo("0".repeat(32));
        assertThat(traceIdOf(awaitRecord(Topics.RESULTS, untraced))).isEqualTo(newTrace);
    }

    private JsonNode awaitCompleted(String id) {
        return await().atMost(RESULT_TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get(id), a -> a.status() == 200
                        && "COMPLETED".equals(a.json().path("status").asString()))
                .json();
    }

    private void produce(String key, String value) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.SUBMISSIONS, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    /** The first record with this key on the topic, read as any downstream consumer would. */
    private ConsumerRecord<String, String> awaitRecord(String topic, String key) {
        return awaitRecords(topic, key, 1).get(0);
    }

    /** The records with this key on the topic, once there are at least {@code count}. */
    private List<ConsumerRecord<String, String>> awaitRecords(String topic, String key, int count) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "e2e-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> found = new ArrayList<>();
            await().atMost(RESULT_TIMEOUT).pollDelay(Duration.ZERO).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (key.equals(r.key())) {
                        found.add(r);
                    }
                });
                return found.size() >= count;
            });
            return found;
        }
    }

    /** Every committed record with this key on the topic, read from the beginning up to its end now. */
    private List<ConsumerRecord<String, String>> allRecords(String topic, String key) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, String>> found = new ArrayList<>();
            await().atMost(RESULT_TIMEOUT).pollDelay(Duration.ZERO).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (key.equals(r.key())) {
                        found.add(r);
                    }
                });
                return partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p));
            });
            return found;
        }
    }

    /** The trace id in a record's W3C {@code traceparent} header ({@code 00-TRACEID-SPANID-FLAGS}). */
    private static String traceIdOf(ConsumerRecord<?, ?> record) {
        String traceparent = header(record, "traceparent");
        assertThat(traceparent).as("traceparent header of %s", record).isNotNull().matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
        return traceparent.split("-")[1];
    }

    private Map<String, String> row(String id) throws Exception {
        try (Connection c = DriverManager.getConnection(pipeline.jdbcUrl(), pipeline.jdbcUser(), "");
                PreparedStatement q = c.prepareStatement("SELECT status, verdict FROM submissions WHERE id = ?")) {
            q.setString(1, id);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return Map.of();
                }
                return Map.of("status", String.valueOf(rs.getString(1)), "verdict", String.valueOf(rs.getString(2)));
            }
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}

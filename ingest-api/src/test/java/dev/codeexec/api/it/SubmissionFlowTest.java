package dev.codeexec.api.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.codeexec.api.adapter.kafka.KafkaLiveEvents;
import dev.codeexec.api.submission.SubmissionStorePort;
import dev.codeexec.api.support.IntegrationTest;
import dev.codeexec.api.support.BrokerIntegrationTestBase;
import dev.codeexec.api.support.LiveTopics;
import dev.codeexec.api.support.SubmissionsTopic;
import dev.codeexec.schemas.Topics;
import dev.codeexec.schemas.Verdict;
import dev.codeexec.schemas.kafka.RecordCodec;
import dev.codeexec.schemas.v1.ExecutionResult;
import dev.codeexec.schemas.v1.Submission;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The API against a real broker and a real PostgreSQL: what a client and the pipeline see. */
@IntegrationTest
class SubmissionFlowTest extends BrokerIntegrationTestBase {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired JdbcClient jdbc;
    @Autowired SubmissionStorePort store;
    @Autowired KafkaLiveEvents liveEvents;

    @Test
    void postPutsTheRecordOnTheTopicAndAQueuedRowThatGetShows() throws Exception {
        HttpResponse<String> posted = postJson("/api/v1/submissions", "it-key",
                "{\"language\":\"cpp\",\"source\":\"int main(){}\",\"stdin\":\"world\",\"metadata\":{\"k\":\"v\"}}");
        assertThat(posted.statusCode()).isEqualTo(202);
        JsonNode body = JSON.readTree(posted.body());
        String id = body.get("id").asText();
        assertThat(body.get("status").asText()).isEqualTo("QUEUED");

        HttpResponse<String> got = getWithKey("/api/v1/submissions/" + id, "it-key");
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(got.body()).get("status").asText()).isEqualTo("QUEUED");
        assertThat(jdbc.sql("SELECT status_rank FROM submissions WHERE id = ?").param(id).query(Integer.class).single())
                .isZero();

        Submission onTopic = readFromTopic(id);
        assertThat(onTopic.language()).isEqualTo("cpp");
        assertThat(onTopic.stdin()).isEqualTo("world");
        assertThat(onTopic.tenant()).isEqualTo("default");
        assertThat(onTopic.metadata()).containsEntry("k", "v");
        assertThat(onTopic.submittedAt()).isNotNull();
        java.sql.Timestamp deadline = jdbc.sql("SELECT deadline_at FROM submissions WHERE id = ?").param(id)
                .query(java.sql.Timestamp.class).single();
        assertThat(deadline.toInstant()).as("the reaper's deadline: submitted + compile allowance + one wall limit")
                .isCloseTo(onTopic.submittedAt().plus(onTopic.runBound()),
                        org.assertj.core.api.Assertions.within(1, java.time.temporal.ChronoUnit.MILLIS));
    }

    /**
     * Regression: a NUL in metadata was answered 202, then PostgreSQL refused the QUEUED row and
     * the sink's row alike, and the GET answered 404 for good.
     */
    @Test
    void metadataPostgresCannotHoldIs400NamingTheFieldNeverA202ThenA404() throws Exception {
        for (String value : List.of("a\\u0000b", "\\ud800x")) {
            HttpResponse<String> posted = postJson("/api/v1/submissions", "it-key",
                    "{\"language\":\"python\",\"source\":\"print(1)\",\"metadata\":{\"k\":\"" + value + "\"}}");
            assertThat(posted.statusCode()).as(value).isEqualTo(400);
            assertThat(posted.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(JSON.readTree(posted.body()).get("field").asText()).isEqualTo("metadata.k");
        }
    }

    /** Program data is bytes, never stored as text: a NUL in stdin reaches the topic as sent. */
    @Test
    void aNulInStdinIsAccepted() throws Exception {
        HttpResponse<String> posted = postJson("/api/v1/submissions", "it-key",
                "{\"language\":\"python\",\"source\":\"print(1)\",\"stdin\":\"a\\u0000b\"}");
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
        assertThat(readFromTopic(JSON.readTree(posted.body()).get("id").asText()).stdin()).isEqualTo("a\0b");
    }

    /** The QUEUED row comes first: when PostgreSQL refuses it, the answer is 503 and Kafka never sees the submission. */
    @Test
    void whenTheQueuedRowCannotBeWrittenThePostIs503AndNothingIsPublished() throws Exception {
        try (AutoCloseable refusing = refuseQueuedRowsMarked("yes")) {
            HttpResponse<String> posted = postJson("/api/v1/submissions", "it-key",
                    "{\"language\":\"python\",\"source\":\"print(1)\",\"metadata\":{\"refuse\":\"yes\"}}");

            assertThat(posted.statusCode()).isEqualTo(503);
            assertThat(posted.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(posted.headers().firstValue("Retry-After")).isPresent();
            assertThat(allOnTopic()).noneMatch(s -> "yes".equals(s.metadataOrEmpty().get("refuse")));
        }
    }

    /**
     * A batch records and publishes its valid items together, and each item still stands on its
     * own: a bad item is a 400 naming it, an item whose QUEUED row PostgreSQL refuses is a 503 and
     * never reaches Kafka, and the others are accepted, on the topic and QUEUED, in the order sent.
     */
    @Test
    void aBatchAnswersEachItemInOrderAndPublishesOnlyTheRecordedOnes() throws Exception {
        try (AutoCloseable refusing = refuseQueuedRowsMarked("batch")) {
            String tag = "batch-" + System.nanoTime();
            HttpResponse<String> posted = postJson("/api/v1/submissions/batch", "it-key", "{\"submissions\":["
                    + "{\"language\":\"python\",\"source\":\"print(1)\",\"metadata\":{\"tag\":\"" + tag + "-0\"}},"
                    + "{\"language\":\"cobol\",\"source\":\"x\"},"
                    + "{\"language\":\"python\",\"source\":\"print(2)\",\"metadata\":{\"refuse\":\"batch\"}},"
                    + "{\"language\":\"c\",\"source\":\"int main(){}\",\"metadata\":{\"tag\":\"" + tag + "-3\"}}]}");

            assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
            JsonNode results = JSON.readTree(posted.body()).get("results");
            assertThat(results.size()).isEqualTo(4);
            assertThat(results.get(1).at("/error/status").asInt()).isEqualTo(400);
            assertThat(results.get(1).at("/error/field").asText()).isEqualTo("submissions[1].language");
            assertThat(results.get(2).at("/error/status").asInt()).isEqualTo(503);
            for (int i : new int[] {0, 3}) {
                String id = results.get(i).get("id").asText();
                assertThat(results.get(i).get("status").asText()).isEqualTo("QUEUED");
                assertThat(readFromTopic(id).metadataOrEmpty()).containsEntry("tag", tag + "-" + i);
                assertThat(jdbc.sql("SELECT status FROM submissions WHERE id = ?").param(id).query(String.class).single())
                        .isEqualTo("QUEUED");
            }
            assertThat(allOnTopic()).noneMatch(s -> "batch".equals(s.metadataOrEmpty().get("refuse")));
        }
    }

    @Test
    void completedRowWrittenAsTheSinkWouldIsShownWithItsResult() throws Exception {
        String id = "it-done-" + System.nanoTime();
        insertCompleted(id, "default", "hello world\n".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> got = getWithKey("/api/v1/submissions/" + id, "it-key");
        assertThat(got.statusCode()).isEqualTo(200);
        JsonNode view = JSON.readTree(got.body());
        assertThat(view.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(view.get("verdict").asText()).isEqualTo("ACCEPTED");
        assertThat(view.get("stdout").asText()).isEqualTo("hello world\n");
        assertThat(view.get("stdoutEncoding").asText()).isEqualTo("utf8");
        assertThat(view.get("exitCode").asInt()).isZero();
        assertThat(view.get("cpuTimeMs").asLong()).isEqualTo(12);
        assertThat(view.get("wallTimeMs").asLong()).isEqualTo(34);
        assertThat(view.get("memoryKb").asLong()).isEqualTo(5678);
        assertThat(view.get("runs").size()).isEqualTo(1);
        assertThat(view.get("compile").get("cached").asBoolean()).isTrue();
    }

    @Test
    void whenTheSinkWasFirstTheQueuedRowKeepsItsStatusAndFillsWhatOnlyTheApiKnows() {
        String id = "it-race-" + System.nanoTime();
        jdbc.sql("INSERT INTO submissions (id, tenant, status, status_rank, started_at) "
                + "VALUES (?, 'default', 'RUNNING', 1, now())").param(id).update();
        store.insertQueued(new SubmissionStorePort.NewRow(id, "default", "cpp", "{\"k\":\"v\"}", null, "idem-race",
                "hash", java.time.Instant.parse("2020-01-01T00:00:00Z"), java.time.Instant.parse("2020-01-01T00:01:00Z")));
        Map<String, Object> row = jdbc.sql("SELECT status, language, idempotency_key, metadata->>'k' AS k, created_at "
                + "FROM submissions WHERE id = ?").param(id).query().singleRow();
        assertThat(row.get("status")).isEqualTo("RUNNING");
        assertThat(row.get("language")).isEqualTo("cpp");
        assertThat(row.get("idempotency_key")).isEqualTo("idem-race");
        assertThat(row.get("k")).isEqualTo("v");
        assertThat(row.get("created_at").toString()).startsWith("2020-01-01");
    }

    @Test
    void unknownIdIs404ProblemJson() throws Exception {
        HttpResponse<String> got = getWithKey("/api/v1/submissions/does-not-exist", "it-key");
        assertThat(got.statusCode()).isEqualTo(404);
        assertThat(got.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JSON.readTree(got.body()).get("status").asInt()).isEqualTo(404);
    }

    @Test
    void waitTrueAnswersWithTheResultWhenItCompletesInTime() throws Exception {
        LiveTopics.ensureFollowed(kafka().bootstrapServers(), liveEvents);
        AtomicReference<String> seen = new AtomicReference<>();
        CompletableFuture<Void> sink = CompletableFuture.runAsync(() -> {
            // plays the results sink: completes the submission once its QUEUED row is there
            await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
                    "SELECT id FROM submissions WHERE metadata->>'wait' = 'yes' AND status = 'QUEUED'")
                    .query(String.class).optional().map(id -> { seen.set(id); return true; }).orElse(false));
            insertCompleted(seen.get(), "default", "waited\n".getBytes(StandardCharsets.UTF_8));
            // the result record the sink stored it from: what the waiting request follows
            LiveTopics.produce(kafka().bootstrapServers(), Topics.RESULTS, seen.get(), RecordCodec.RESULT.encode(
                    new ExecutionResult(ExecutionResult.VERSION, seen.get(), "default", "python", Verdict.ACCEPTED,
                            null, null, List.of(), null, null, "executor-1", Instant.now(), Instant.now())));
        });
        long started = System.nanoTime();
        HttpResponse<String> posted = postJson("/api/v1/submissions?wait=true&waitMs=20000", "it-key",
                "{\"language\":\"python\",\"source\":\"print('waited')\",\"metadata\":{\"wait\":\"yes\"}}");
        long waitedMs = (System.nanoTime() - started) / 1_000_000;
        sink.get();
        assertThat(posted.statusCode()).isEqualTo(200);
        assertThat(waitedMs).as("answered on the result's event, not when the 20 s wait ran out").isLessThan(15_000);
        JsonNode view = JSON.readTree(posted.body());
        assertThat(view.get("id").asText()).isEqualTo(seen.get());
        assertThat(view.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(view.get("stdout").asText()).isEqualTo("waited\n");
    }

    @Test
    void waitThatRunsOutAnswers202() throws Exception {
        HttpResponse<String> posted = postJson("/api/v1/submissions?wait=true&waitMs=300", "it-key",
                "{\"language\":\"python\",\"source\":\"print(1)\"}");
        assertThat(posted.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(posted.body()).get("status").asText()).isEqualTo("QUEUED");
    }

    @Test
    void chunkedBodyOverTheCapIs413() throws Exception {
        byte[] big = ("{\"language\":\"python\",\"source\":\"" + "x".repeat(1100 * 1024) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/submissions"))
                .header("Authorization", "Bearer it-key").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build());
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void openApiDocumentDescribesTheEndpoints() throws Exception {
        HttpResponse<String> doc = send(HttpRequest.newBuilder(uri("/api/v1/openapi.json")).GET().build());
        assertThat(doc.statusCode()).isEqualTo(200);
        JsonNode paths = JSON.readTree(doc.body()).get("paths");
        assertThat(paths.has("/api/v1/submissions")).isTrue();
        assertThat(paths.has("/api/v1/submissions/{id}")).isTrue();
        assertThat(paths.has("/api/v1/languages")).isTrue();
        assertThat(paths.has("/api/v1/submissions/batch")).isTrue();
        assertThat(paths.has("/api/v1/submission")).isTrue();
        assertThat(paths.has("/api/v1/submission/url")).isTrue();
        assertThat(paths.has("/api/v1/admin/keys")).isTrue();
        assertThat(paths.has("/api/v1/stats")).isTrue();
        assertThat(doc.body()).doesNotContain("\"caller\"");
    }

    @Test
    void healthIsUp() throws Exception {
        HttpResponse<String> health = send(HttpRequest.newBuilder(uri("/actuator/health")).GET().build());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("UP");
    }

    private void insertCompleted(String id, String tenant, byte[] stdout) {
        jdbc.sql("""
                INSERT INTO submissions (id, tenant, language, status, status_rank, verdict, exit_code,
                    cpu_time_ms, wall_time_ms, memory_kb, compile, finished_at)
                VALUES (:id, :tenant, 'cpp', 'COMPLETED', 2, 'ACCEPTED', 0, 12, 34, 5678,
                    '{"cached":true,"cpuTimeMs":0,"wallTimeMs":0,"memoryKb":0}'::jsonb, now())
                ON CONFLICT (id) DO UPDATE SET status = 'COMPLETED', status_rank = 2, verdict = 'ACCEPTED',
                    exit_code = 0, cpu_time_ms = 12, wall_time_ms = 34, memory_kb = 5678,
                    compile = EXCLUDED.compile, finished_at = now()
                """).param("id", id).param("tenant", tenant).update();
        jdbc.sql("""
                INSERT INTO runs (submission_id, test_case, verdict, exit_code, cpu_time_ms, wall_time_ms,
                    memory_kb, stdout, stdout_size, stderr, stderr_size)
                VALUES (:id, 1, 'ACCEPTED', 0, 12, 34, 5678, :stdout, :size, ''::bytea, 0)
                """).param("id", id).param("stdout", stdout).param("size", stdout.length).update();
    }

    /**
     * Until closed, PostgreSQL refuses the QUEUED row of a submission whose metadata has
     * {@code refuse} = {@code mark}: a database that cannot record it.
     */
    private AutoCloseable refuseQueuedRowsMarked(String mark) {
        jdbc.sql("""
                CREATE OR REPLACE FUNCTION refuse_marked() RETURNS trigger AS $$
                BEGIN RAISE EXCEPTION 'refused for the test'; END $$ LANGUAGE plpgsql""").update();
        jdbc.sql("CREATE TRIGGER refuse_marked BEFORE INSERT ON submissions FOR EACH ROW"
                + " WHEN (NEW.metadata->>'refuse' = '" + mark + "') EXECUTE FUNCTION refuse_marked()").update();
        return () -> jdbc.sql("DROP TRIGGER refuse_marked ON submissions").update();
    }

    /** Every submission on the topic, read up to its end offsets. */
    private List<Submission> allOnTopic() {
        return SubmissionsTopic.all(kafka().bootstrapServers()).stream()
                .map(r -> RecordCodec.SUBMISSION.decode(r.value())).toList();
    }

    /** The last record of this submission on the topic, once it is there. */
    private Submission readFromTopic(String id) {
        return await().atMost(Duration.ofSeconds(10))
                .until(() -> SubmissionsTopic.all(kafka().bootstrapServers()).stream()
                        .filter(r -> id.equals(r.key())).reduce((first, last) -> last), Optional::isPresent)
                .map(r -> RecordCodec.SUBMISSION.decode(r.value())).orElseThrow();
    }
}

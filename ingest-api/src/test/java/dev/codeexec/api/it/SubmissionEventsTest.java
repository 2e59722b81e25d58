package dev.codeexec.api.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.codeexec.api.adapter.kafka.KafkaLiveEvents;
import dev.codeexec.api.support.IntegrationTest;
import dev.codeexec.api.support.BrokerIntegrationTestBase;
import dev.codeexec.api.support.LiveTopics;
import dev.codeexec.schemas.SubmissionStatus;
import dev.codeexec.schemas.Topics;
import dev.codeexec.schemas.Verdict;
import dev.codeexec.schemas.kafka.RecordCodec;
import dev.codeexec.schemas.v1.ExecutionResult;
import dev.codeexec.schemas.v1.StatusEvent;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /submissions/{id}/events} against a real broker and PostgreSQL: what a client
 * following a submission sees while the executor and the sink (played here by records produced
 * to their topics and rows written as the sink writes them) move it along.
 */
@IntegrationTest
class SubmissionEventsTest extends BrokerIntegrationTestBase {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired JdbcClient jdbc;
    @Autowired KafkaLiveEvents liveEvents;
    @Autowired dev.codeexec.api.submission.LiveEvents live;
    @Value("${spring.kafka.bootstrap-servers}") String bootstrapServers;

    @BeforeEach
    void topicsAreFollowed() {
        LiveTopics.ensureFollowed(bootstrapServers, liveEvents);
    }

    @Test
    void aClientSeesQueuedRunningCompletedThenTheStoredResultAndTheStreamEnds() throws Exception {
        String id = submit();
        EventStream events = EventStream.open(this, id);

        await().atMost(WAIT).until(() -> events.statuses().equals(List.of("QUEUED")));
        produce(Topics.STATUS, id, RecordCodec.STATUS.encode(new StatusEvent(StatusEvent.VERSION, id, "default",
                SubmissionStatus.RUNNING, Instant.now(), "executor-1", null)));
        await().atMost(WAIT).until(() -> events.statuses().equals(List.of("QUEUED", "RUNNING")));
        for (int testCase : new int[] {0, 1, 1, 0, 2}) { // a redelivered or late announcement is not shown again
            produce(Topics.STATUS, id, RecordCodec.STATUS.encode(new StatusEvent(StatusEvent.VERSION, id, "default",
                    SubmissionStatus.RUNNING, Instant.now(), "executor-1", null, testCase, 3)));
        }
        await().atMost(WAIT).until(() -> events.progress().contains("2/3"));
        assertThat(events.progress()).containsExactly("0/3", "1/3", "2/3");
        assertThat(events.statuses()).as("progress is not a status change").containsExactly("QUEUED", "RUNNING");

        storeAsTheSinkWould(id);
        produce(Topics.RESULTS, id, RecordCodec.RESULT.encode(new ExecutionResult(ExecutionResult.VERSION, id, "default",
                "python", Verdict.ACCEPTED, null, null, List.of(), null, null, "executor-1", Instant.now(), Instant.now())));

        HttpResponse<Void> response = events.ended();
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        assertThat(events.statuses()).containsExactly("QUEUED", "RUNNING", "COMPLETED");
        JsonNode result = events.result();
        assertThat(result.get("id").asString()).isEqualTo(id);
        assertThat(result.get("verdict").asString()).isEqualTo("ACCEPTED");
        assertThat(result.get("stdout").asString()).isEqualTo("hi\n");
    }

    @Test
    void aClientThatFollowsBetweenTheResultRecordAndTheStoredRowStillGetsTheResult() throws Exception {
        String id = submit();
        produce(Topics.RESULTS, id, RecordCodec.RESULT.encode(new ExecutionResult(ExecutionResult.VERSION, id, "default",
                "python", Verdict.ACCEPTED, null, null, List.of(), null, null, "executor-1", Instant.now(), Instant.now())));
        await().atMost(WAIT).until(() -> live.resultSeen(id)); // the API read it while nobody followed

        EventStream events = EventStream.open(this, id);
        await().atMost(WAIT).until(() -> events.statuses().contains("QUEUED")); // the row is not stored yet
        storeAsTheSinkWould(id);

        events.ended();
        assertThat(events.result().get("verdict").asString()).isEqualTo("ACCEPTED");
    }

    @Test
    void aFinishedSubmissionGetsItsResultAtOnce() throws Exception {
        String id = submit();
        storeAsTheSinkWould(id);

        EventStream events = EventStream.open(this, id);

        events.ended();
        assertThat(events.statuses()).containsExactly("COMPLETED");
        assertThat(events.result().get("verdict").asString()).isEqualTo("ACCEPTED");
    }

    @Test
    void anUnknownSubmissionIsA404ProblemNotAStream() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/submissions/no-such-id/events"))
                .header("X-Api-Key", "it-key").GET().build());
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void withoutAKeyItIs401() throws Exception {
        String id = submit();
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/submissions/" + id + "/events")).GET().build());
        assertThat(response.statusCode()).isEqualTo(401);
    }

    private String submit() throws Exception {
        HttpResponse<String> posted = postJson("/api/v1/submissions", "it-key",
                "{\"language\":\"python\",\"source\":\"print('hi')\"}");
        assertThat(posted.statusCode()).isEqualTo(202);
        return JSON.readTree(posted.body()).get("id").asString();
    }

    private void storeAsTheSinkWould(String id) {
        jdbc.sql("""
                UPDATE submissions SET status = 'COMPLETED', status_rank = 2, verdict = 'ACCEPTED', exit_code = 0,
                    cpu_time_ms = 5, wall_time_ms = 9, memory_kb = 1000, finished_at = now() WHERE id = ?""")
                .param(id).update();
        jdbc.sql("""
                INSERT INTO runs (submission_id, test_case, verdict, exit_code, cpu_time_ms, wall_time_ms, memory_kb,
                    stdout, stdout_size, stderr, stderr_size)
                VALUES (?, 1, 'ACCEPTED', 0, 5, 9, 1000, 'hi\n'::bytea, 3, ''::bytea, 0)""").param(id).update();
    }

    private void produce(String topic, String key, byte[] value) {
        LiveTopics.produce(bootstrapServers, topic, key, value);
    }

    /** One open event stream, its lines collected as they arrive. */
    private record EventStream(List<String> lines, CompletableFuture<HttpResponse<Void>> response) {

        static EventStream open(SubmissionEventsTest test, String id) {
            List<String> lines = new CopyOnWriteArrayList<>();
            CompletableFuture<HttpResponse<Void>> response = HTTP.sendAsync(
                    HttpRequest.newBuilder(test.uri("/api/v1/submissions/" + id + "/events"))
                            .header("X-Api-Key", "it-key").header("Accept", "text/event-stream").GET().build(),
                    HttpResponse.BodyHandlers.fromLineSubscriber(new LineCollector(lines)));
            return new EventStream(lines, response);
        }

        List<String> statuses() {
            return data("status").map(d -> d.get("status").asString()).toList();
        }

        /** The {@code progress} events, as "testCase/testCases". */
        List<String> progress() {
            return data("progress").map(d -> d.get("testCase").asInt() + "/" + d.get("testCases").asInt()).toList();
        }

        JsonNode result() {
            List<JsonNode> results = data("result").toList();
            assertThat(results).hasSize(1);
            return results.get(0);
        }

        HttpResponse<Void> ended() throws Exception {
            return response.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        }

        /** The data of every event named {@code name}, in order. */
        private java.util.stream.Stream<JsonNode> data(String name) {
            List<JsonNode> found = new java.util.ArrayList<>();
            String event = null;
            for (String line : lines) {
                if (line.startsWith("event:")) {
                    event = line.substring("event:".length()).trim();
                } else if (line.startsWith("data:") && name.equals(event)) {
                    found.add(JSON.readTree(line.substring("data:".length())));
                } else if (line.isEmpty()) {
                    event = null;
                }
            }
            return found.stream();
        }
    }

    /** Collects the lines of a streamed body. */
    private record LineCollector(List<String> lines) implements java.util.concurrent.Flow.Subscriber<String> {
        @Override
        public void onSubscribe(java.util.concurrent.Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            lines.add(line);
        }

        @Override
        public void onError(Throwable throwable) {
        }

        @Override
        public void onComplete() {
        }
    }
}

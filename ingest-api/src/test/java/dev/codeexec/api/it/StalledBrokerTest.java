package dev.codeexec.api.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.codeexec.api.support.IntegrationTestBase;
import dev.codeexec.api.support.SubmissionsTopic;
import dev.codeexec.testsupport.KafkaContainer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * A broker that stalls (frozen with {@code docker pause}, as {@code kill -STOP} would) with a record
 * in hand answers nothing in time, so the POST is a 503; once it goes on, it appends the record after
 * all. A client that retries with its Idempotency-Key gets the id of that record, not a second
 * submission.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.config.name=ingest-api",
    "spring.flyway.locations=filesystem:../storage/src/main/resources/db/migration",
    "codeexec.api.key=stall-key",
    "codeexec.api.produce-timeout=1500ms",
    "codeexec.api.storage.local.root=target/it-objects",
})
class StalledBrokerTest extends IntegrationTestBase {

    private static final String HELLO = "{\"language\":\"python\",\"source\":\"print(7)\"}";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A broker of its own: this test freezes it. */
    private static final KafkaContainer kafka = KafkaContainer.start(1);

    @Autowired JdbcClient jdbc;

    @DynamicPropertySource
    static void broker(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", kafka::bootstrapServers);
    }

    @AfterAll
    static void removeBroker() {
        kafka.close();
    }

    @Test
    void aRetryWithTheKeyAfterA503FromAStalledBrokerGetsTheIdOfTheRecordItTookLate() throws Exception {
        HttpResponse<String> warm = post(HELLO, null);
        assertThat(warm.statusCode()).as("a warm producer: metadata and connection").isEqualTo(202);
        List<String> before = keysOnTopic();
        String key = "stall-" + System.nanoTime();

        kafka.freeze();
        HttpResponse<String> refused;
        try {
            refused = post(HELLO, key);
        } finally {
            kafka.resume();
        }
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");

        // the broker appends what it was sent while frozen: a submission the client was told 503 about
        List<String> late = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> without(keysOnTopic(), before), keys -> !keys.isEmpty());
        assertThat(late).hasSize(1);
        String lateId = late.get(0);

        String answered = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> post(HELLO, key), r -> r.statusCode() == 202).body();

        assertThat(JSON.readTree(answered).get("id").asText()).as("the retry names the record the broker took late")
                .isEqualTo(lateId);
        assertThat(jdbc.sql("SELECT id FROM submissions WHERE idempotency_key = ?").param(key)
                .query(String.class).list()).containsExactly(lateId);
        assertThat(without(keysOnTopic(), before)).as("every record sent for the key has its one id")
                .hasSizeGreaterThanOrEqualTo(2).allMatch(lateId::equals);
    }

    /**
     * A keyed batch under a stalled broker: every item a 503, every record appended late. The retry
     * answers each item with the id of its late record and makes no submission of its own.
     */
    @Test
    void aKeyedBatchRetriedAfterA503FromAStalledBrokerAnswersTheRecordsItTookLate() throws Exception {
        String batch = "{\"submissions\":[" + HELLO + "," + HELLO + "," + HELLO + "]}";
        assertThat(post("/api/v1/submissions", HELLO, null).statusCode()).as("a warm producer").isEqualTo(202);
        List<String> before = keysOnTopic();
        String key = "stall-batch-" + System.nanoTime();

        kafka.freeze();
        HttpResponse<String> refused;
        try {
            refused = post("/api/v1/submissions/batch", batch, key);
        } finally {
            kafka.resume();
        }
        assertThat(refused.statusCode()).isEqualTo(200);
        JSON.readTree(refused.body()).get("results")
                .forEach(item -> assertThat(item.get("error").get("status").asInt()).isEqualTo(503));

        List<String> late = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> without(keysOnTopic(), before), keys -> keys.size() >= 3);
        assertThat(late).hasSize(3).doesNotHaveDuplicates();

        List<String> answered = new ArrayList<>();
        JSON.readTree(await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> post("/api/v1/submissions/batch", batch, key), r -> r.statusCode() == 200
                        && !r.body().contains("\"error\"")).body())
                .get("results").forEach(item -> answered.add(item.get("id").asText()));

        assertThat(answered).as("each item names a record the broker took late")
                .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(late);
        assertThat(jdbc.sql("SELECT id FROM submissions WHERE idempotency_key LIKE ?").param(key + "%")
                .query(String.class).list()).containsExactlyInAnyOrderElementsOf(late);
        assertThat(without(keysOnTopic(), before)).as("every record sent for the batch has one of its ids")
                .hasSizeGreaterThanOrEqualTo(3).allMatch(late::contains);
    }

    private HttpResponse<String> post(String body, String idempotencyKey) throws Exception {
        return post("/api/v1/submissions", body, idempotencyKey);
    }

    private HttpResponse<String> post(String path, String body, String idempotencyKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Authorization", "Bearer stall-key").header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(20)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(request.build());
    }

    private static List<String> without(List<String> keys, List<String> ids) {
        return keys.stream().filter(k -> !ids.contains(k)).toList();
    }

    /** The keys (submission ids) of every record on the submissions topic, read up to its end offsets (partitions one after another). */
    private static List<String> keysOnTopic() {
        return SubmissionsTopic.all(kafka.bootstrapServers()).stream().map(ConsumerRecord::key).toList();
    }
}

package dev.codeexec.api.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeexec.api.support.IntegrationTestBase;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * No broker at all: a POST (or each item of a batch) waits a bounded time, then answers 503 with
 * Retry-After ({@code retryAfterSeconds} in a batch item's problem) and stores nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.config.name=ingest-api",
    "spring.flyway.locations=filesystem:../storage/src/main/resources/db/migration",
    "codeexec.api.key=it-key",
    "codeexec.api.produce-timeout=1500ms",
    "codeexec.api.retry-after-seconds=9",
    "codeexec.api.storage.local.root=target/it-objects",
    "spring.kafka.admin.operation-timeout=1s",
    "spring.kafka.admin.close-timeout=1s",
})
class KafkaUnreachableTest extends IntegrationTestBase {

    @Autowired JdbcClient jdbc;

    @DynamicPropertySource
    static void noBroker(DynamicPropertyRegistry registry) throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        registry.add("spring.kafka.bootstrap-servers", () -> "127.0.0.1:" + closedPort);
    }

    @Test
    void postIs503WithRetryAfterWithinTheBoundAndNothingIsStored() throws Exception {
        int before = jdbc.sql("SELECT count(*) FROM submissions").query(Integer.class).single();
        long start = System.nanoTime();
        HttpResponse<String> response = postJson("/api/v1/submissions", "it-key",
                "{\"language\":\"python\",\"source\":\"print(1)\"}");
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("9");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(tookMs).isLessThan(6_000);
        assertThat(jdbc.sql("SELECT count(*) FROM submissions").query(Integer.class).single()).isEqualTo(before);
    }

    /**
     * A batch's items wait for Kafka together: with no broker, each item is refused (503, nothing
     * stored) after one produce timeout, not one per item (eight items took eight timeouts, 12 s).
     */
    @Test
    void aBatchIsRefusedItemByItemAfterOneWaitNotOneEach() throws Exception {
        int before = jdbc.sql("SELECT count(*) FROM submissions").query(Integer.class).single();
        String item = "{\"language\":\"python\",\"source\":\"print(1)\"}";
        long start = System.nanoTime();
        HttpResponse<String> response = postJson("/api/v1/submissions/batch", "it-key",
                "{\"submissions\":[" + String.join(",", Collections.nCopies(8, item)) + "]}");
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode results = JsonMapper.builder().build().readTree(response.body()).get("results");
        assertThat(results.size()).isEqualTo(8);
        for (JsonNode result : results) {
            assertThat(result.has("id")).as(result.toString()).isFalse();
            assertThat(result.at("/error/status").asInt()).as(result.toString()).isEqualTo(503);
            assertThat(result.at("/error/retryAfterSeconds").asInt()).as(result.toString()).isEqualTo(9);
        }
        assertThat(tookMs).isLessThan(6_000);
        assertThat(jdbc.sql("SELECT count(*) FROM submissions").query(Integer.class).single()).isEqualTo(before);
    }
}

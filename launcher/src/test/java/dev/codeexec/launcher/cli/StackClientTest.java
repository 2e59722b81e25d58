package dev.codeexec.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.codeexec.schemas.json.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * How {@code ./codeexec run} submits when the API cannot take a submission now: a fake API on
 * loopback (a JDK HTTP server) answers the first POSTs with 503 or 429, or a batch's item with 503.
 */
class StackClientTest {

    private static final String UNAVAILABLE = "{\"status\":503,\"detail\":\"the queue did not acknowledge the submission in time\"}";

    private HttpServer server;
    private final List<String> keys = new CopyOnWriteArrayList<>();
    private final List<String> notices = new ArrayList<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void aSubmissionAnswered503IsSentAgainWithTheSameKeyAfterRetryAfter() throws Exception {
        StackClient client = api(2, 503);

        long started = System.nanoTime();
        String id = client.submit(body(), notices::add);

        assertThat(id).isEqualTo("the-id");
        assertThat(keys).hasSize(3).doesNotContainNull().containsOnly(keys.get(0));
        assertThat(keys.get(0)).startsWith("codeexec-run-");
        assertThat(notices).hasSize(2);
        assertThat(notices.get(0)).contains("503", "the queue did not acknowledge", "trying again in 1 s", "attempt 2 of 4");
        assertThat((System.nanoTime() - started) / 1_000_000).as("waited Retry-After each time").isGreaterThanOrEqualTo(2_000);
    }

    @Test
    void aSubmissionAnswered429IsSentAgainToo() throws Exception {
        StackClient client = api(1, 429);

        assertThat(client.submit(body(), notices::add)).isEqualTo("the-id");
        assertThat(keys).hasSize(2).containsOnly(keys.get(0));
    }

    @Test
    void afterFourAttemptsTheRefusalIsTheUsersWithTheApisWords() throws Exception {
        StackClient client = api(10, 503);

        assertThatThrownBy(() -> client.submit(body(), notices::add)).isInstanceOf(CliFailure.class)
                .hasMessageContaining("503").hasMessageContaining("the queue did not acknowledge");
        assertThat(keys).hasSize(StackClient.SUBMIT_ATTEMPTS);
        assertThat(notices).hasSize(StackClient.SUBMIT_ATTEMPTS - 1);
    }

    @Test
    void aBadRequestIsNeverSentAgain() throws Exception {
        StackClient client = api(10, 400);

        assertThatThrownBy(() -> client.submit(body(), notices::add)).isInstanceOf(CliFailure.class)
                .hasMessageContaining("refused (400)");
        assertThat(keys).hasSize(1);
        assertThat(notices).isEmpty();
    }

    @Test
    void aBatchWithAnItemAnswered503IsSentAgainWithTheSameKeyAndTheLastAnswerCounts() throws Exception {
        StackClient client = batchApi(2);

        JsonNode results = client.submitBatch(batchBody(), notices::add);

        assertThat(results.get(0).path("id").asString()).isEqualTo("id-0");
        assertThat(results.get(1).path("id").asString()).isEqualTo("id-1");
        assertThat(results.get(2).path("error").path("status").asInt()).as("a 400 item is its answer").isEqualTo(400);
        assertThat(keys).hasSize(3).doesNotContainNull().containsOnly(keys.get(0));
        assertThat(notices).hasSize(2).allSatisfy(n -> assertThat(n).contains("did not take every item (503)"));
    }

    @Test
    void aBatchWhoseItemStays503IsAnsweredAsItStandsAfterFourAttempts() throws Exception {
        StackClient client = batchApi(10);

        JsonNode results = client.submitBatch(batchBody(), notices::add);

        assertThat(results.get(1).path("error").path("status").asInt()).isEqualTo(503);
        assertThat(keys).hasSize(StackClient.SUBMIT_ATTEMPTS);
    }

    @Test
    void aBatchWithOnlyA400ItemIsSentOnce() throws Exception {
        StackClient client = batchApi(0);

        client.submitBatch(batchBody(), notices::add);

        assertThat(keys).hasSize(1);
        assertThat(notices).isEmpty();
    }

    /**
     * A fake API whose POST /submissions/batch answers item 1 with a 503 {@code failures} times, then
     * with its id; item 0 always has its id and item 2 always is a 400.
     */
    private StackClient batchApi(int failures) throws IOException {
        return fakeApi("/api/v1/submissions/batch", post -> {
            String second = post <= failures ? "{\"error\":" + UNAVAILABLE + "}" : "{\"id\":\"id-1\",\"status\":\"QUEUED\"}";
            return new Answer(200, "application/json", "{\"results\":[{\"id\":\"id-0\",\"status\":\"QUEUED\"}," + second
                    + ",{\"error\":{\"status\":400,\"field\":\"submissions[2].language\"}}]}");
        });
    }

    private static JsonNode batchBody() {
        return Json.mapper().readTree("{\"submissions\":[{\"language\":\"python\",\"source\":\"print(1)\"}]}");
    }

    /** A fake API whose POST /submissions answers {@code failures} times {@code status}, then 202. */
    private StackClient api(int failures, int status) throws IOException {
        return fakeApi("/api/v1/submissions", post -> post <= failures
                ? new Answer(status, "application/problem+json", UNAVAILABLE)
                : new Answer(202, "application/json", "{\"id\":\"the-id\",\"status\":\"QUEUED\"}"));
    }

    /** One answer of the fake API; a problem (a status of 400 or more) carries {@code Retry-After: 1}. */
    private record Answer(int status, String contentType, String body) {
    }

    /**
     * A JDK HTTP server on loopback as the API: every POST to {@code path} has its Idempotency-Key
     * kept in {@link #keys} and gets {@code answerFor} the POST's number (from 1).
     */
    private StackClient fakeApi(String path, IntFunction<Answer> answerFor) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicInteger posts = new AtomicInteger();
        server.createContext(path, exchange -> {
            keys.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
            exchange.getRequestBody().readAllBytes();
            Answer answer = answerFor.apply(posts.incrementAndGet());
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", answer.contentType());
            if (answer.status() >= 400) {
                exchange.getResponseHeaders().add("Retry-After", "1");
            }
            exchange.sendResponseHeaders(answer.status(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return new StackClient(new ApiEndpoint("http://127.0.0.1:" + server.getAddress().getPort(), "k"));
    }

    private static JsonNode body() {
        return Json.mapper().readTree("{\"language\":\"python\",\"source\":\"print(1)\"}");
    }
}

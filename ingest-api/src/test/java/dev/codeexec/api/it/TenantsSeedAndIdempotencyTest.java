package dev.codeexec.api.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeexec.api.submission.SubmitSubmission;
import dev.codeexec.api.support.BrokerIntegrationTestBase;
import dev.codeexec.api.support.IntegrationTest;
import dev.codeexec.storage.ObjectKeys;
import dev.codeexec.storage.local.LocalObjectStore;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Multipart upload as the original client does it, signed output links, tenants and idempotency, for real. */
@IntegrationTest
class TenantsSeedAndIdempotencyTest extends BrokerIntegrationTestBase {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired JdbcClient jdbc;

    @Test
    void uploadThenExecutedUrlIsAStatusThenALinkThatDownloadsTheOutput() throws Exception {
        String boundary = "----codeexec" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"sourceCode\"; filename=\"hello.py\"\r\n"
                + "Content-Type: text/x-python\r\n\r\nprint('hello ' + input())\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"stdin\"\r\n\r\nworld\r\n"
                + "--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> uploaded = send(HttpRequest.newBuilder(uri("/api/v1/submission"))
                .header("Authorization", "Bearer it-key")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
        assertThat(uploaded.statusCode()).isEqualTo(200);
        JsonNode answer = JSON.readTree(uploaded.body());
        assertThat(answer.get("message").asText()).isEqualTo("File uploaded and pushed to queue successfully");
        assertThat(answer.get("fileName").asText()).isEqualTo("hello.py");
        String id = answer.get("id").asText();

        HttpResponse<String> early = getWithKey("/api/v1/submission/url?id=" + id, "it-key");
        assertThat(early.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(early.body()).get("status").asText()).isEqualTo("QUEUED");

        // the results sink's work: the object, then the row
        new LocalObjectStore(Path.of("target/it-objects"), null)
                .put(ObjectKeys.stdout(id, 1), "hello world\n".getBytes(StandardCharsets.UTF_8), ObjectKeys.TEXT);
        jdbc.sql("UPDATE submissions SET status = 'COMPLETED', status_rank = 2, verdict = 'ACCEPTED' WHERE id = ?")
                .param(id).update();
        jdbc.sql("""
                INSERT INTO runs (submission_id, test_case, verdict, exit_code, cpu_time_ms, wall_time_ms, memory_kb,
                    stdout, stdout_size, stdout_object, stderr, stderr_size)
                VALUES (?, 1, 'ACCEPTED', 0, 1, 2, 3, NULL, 12, ?, ''::bytea, 0)
                """).params(id, "submissions/" + id + "/runs/1/stdout").update();

        HttpResponse<String> done = getWithKey("/api/v1/submission/url?id=" + id, "it-key");
        assertThat(done.statusCode()).isEqualTo(200);
        JsonNode executed = JSON.readTree(done.body());
        assertThat(executed.get("message").asText()).isEqualTo("Executed URL fetched successfully");
        assertThat(executed.get("codeId").asText()).isEqualTo(id);
        URI link = URI.create(executed.get("executedUrl").asText());
        assertThat(link.getPath()).isEqualTo("/api/v1/objects/submissions/" + id + "/runs/1/stdout");

        HttpResponse<String> download = send(HttpRequest.newBuilder(uri(link.getRawPath() + "?" + link.getRawQuery()))
                .GET().build());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo("hello world\n");
        HttpResponse<String> tampered = send(HttpRequest.newBuilder(uri(link.getRawPath() + "?"
                + link.getRawQuery().replaceFirst("expires=\\d+", "expires=99999999999"))).GET().build());
        assertThat(tampered.statusCode()).isEqualTo(403);

        HttpResponse<String> view = getWithKey("/api/v1/submissions/" + id, "it-key");
        assertThat(JSON.readTree(view.body()).get("runs").get(0).get("links").get("stdout").asText())
                .contains("/api/v1/objects/submissions/" + id);
    }

    @Test
    void anUploadRetriedWithItsIdempotencyKeyIsOneSubmission() throws Exception {
        String idem = "upload-" + UUID.randomUUID();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> uploaded = upload("hello.py", "print('hi')", idem);
            assertThat(uploaded.statusCode()).isEqualTo(200);
            ids.add(JSON.readTree(uploaded.body()).get("id").asText());
        }
        assertThat(ids.get(1)).isEqualTo(ids.get(0)).isEqualTo(SubmitSubmission.idFor("default", idem));
        assertThat(jdbc.sql("SELECT count(*) FROM submissions WHERE idempotency_key = ?").param(idem)
                .query(Integer.class).single()).isEqualTo(1);

        HttpResponse<String> other = upload("hello.py", "print('another')", idem);
        assertThat(other.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(other.body()).get("field").asText()).isEqualTo("Idempotency-Key");
    }

    private HttpResponse<String> upload(String fileName, String source, String idempotencyKey) throws Exception {
        String boundary = "----codeexec" + UUID.randomUUID();
        byte[] body = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"sourceCode\"; filename=\"" + fileName
                + "\"\r\nContent-Type: text/plain\r\n\r\n" + source + "\r\n--" + boundary + "--\r\n")
                .getBytes(StandardCharsets.UTF_8);
        return send(HttpRequest.newBuilder(uri("/api/v1/submission")).header("Authorization", "Bearer it-key")
                .header("Idempotency-Key", idempotencyKey)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    @Test
    void aTenantSeesOnlyItsOwnSubmissions() throws Exception {
        String tenant = "tenant-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = postJson("/api/v1/admin/keys", "it-admin-key", "{\"tenant\":\"" + tenant + "\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        String key = JSON.readTree(created.body()).get("key").asText();
        assertThat(jdbc.sql("SELECT count(*) FROM api_keys WHERE key_hash LIKE ?").param("%" + key + "%")
                .query(Integer.class).single()).as("the key is stored only hashed").isZero();

        HttpResponse<String> posted = postJson("/api/v1/submissions", key, "{\"language\":\"python\",\"source\":\"1\"}");
        assertThat(posted.statusCode()).isEqualTo(202);
        String id = JSON.readTree(posted.body()).get("id").asText();

        assertThat(getWithKey("/api/v1/submissions/" + id, key).statusCode()).isEqualTo(200);
        HttpResponse<String> foreign = getWithKey("/api/v1/submissions/" + id, "it-key");
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(foreign.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(getWithKey("/api/v1/submission/url?id=" + id, "it-key").statusCode()).isEqualTo(404);

        JsonNode own = JSON.readTree(getWithKey("/api/v1/submissions", key).body()).get("items");
        assertThat(own.size()).isEqualTo(1);
        assertThat(own.get(0).get("id").asText()).isEqualTo(id);
        JsonNode others = JSON.readTree(getWithKey("/api/v1/submissions?limit=100", "it-key").body()).get("items");
        others.forEach(item -> assertThat(item.get("id").asText()).isNotEqualTo(id));

        String keyId = JSON.readTree(created.body()).get("id").asText();
        HttpResponse<String> revoked = send(HttpRequest.newBuilder(uri("/api/v1/admin/keys/" + keyId))
                .header("X-Api-Key", "it-admin-key").DELETE().build());
        assertThat(revoked.statusCode()).isEqualTo(204);
        assertThat(getWithKey("/api/v1/submissions/" + id, key).statusCode()).isEqualTo(401);
    }

    @Test
    void theSameIdempotencyKeyGivesOneSubmissionEvenWhenRequestsRace() throws Exception {
        String idem = "idem-" + UUID.randomUUID();
        String body = "{\"language\":\"python\",\"source\":\"print(42)\"}";
        List<CompletableFuture<HttpResponse<String>>> racing = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            racing.add(HTTP.sendAsync(HttpRequest.newBuilder(uri("/api/v1/submissions"))
                    .header("Authorization", "Bearer it-key").header("Content-Type", "application/json")
                    .header("Idempotency-Key", idem).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        Set<String> ids = new HashSet<>();
        for (CompletableFuture<HttpResponse<String>> response : racing) {
            assertThat(response.get().statusCode()).isEqualTo(202);
            ids.add(JSON.readTree(response.get().body()).get("id").asText());
        }
        assertThat(ids).hasSize(1);
        assertThat(jdbc.sql("SELECT count(*) FROM submissions WHERE idempotency_key = ?").param(idem)
                .query(Integer.class).single()).isEqualTo(1);

        HttpResponse<String> different = send(HttpRequest.newBuilder(uri("/api/v1/submissions"))
                .header("Authorization", "Bearer it-key").header("Content-Type", "application/json")
                .header("Idempotency-Key", idem)
                .POST(HttpRequest.BodyPublishers.ofString("{\"language\":\"python\",\"source\":\"print(43)\"}")).build());
        assertThat(different.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(different.body()).get("field").asText()).isEqualTo("Idempotency-Key");
    }

    /**
     * Keyed batches racing (a client retrying while its first request is still in flight): each
     * item is one submission, one row holding its item's key, and every answer names the same ids.
     */
    @Test
    void keyedBatchesThatRaceMakeEachItemOnce() throws Exception {
        String idem = "batch-" + UUID.randomUUID();
        String body = "{\"submissions\":[{\"language\":\"python\",\"source\":\"print(1)\"},"
                + "{\"language\":\"cobol\",\"source\":\"x\"},{\"language\":\"python\",\"source\":\"print(3)\"}]}";
        List<CompletableFuture<HttpResponse<String>>> racing = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            racing.add(HTTP.sendAsync(HttpRequest.newBuilder(uri("/api/v1/submissions/batch"))
                    .header("Authorization", "Bearer it-key").header("Content-Type", "application/json")
                    .header("Idempotency-Key", idem).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        Set<List<String>> answers = new HashSet<>();
        for (CompletableFuture<HttpResponse<String>> response : racing) {
            assertThat(response.get().statusCode()).isEqualTo(200);
            JsonNode results = JSON.readTree(response.get().body()).get("results");
            assertThat(results.get(1).get("error").get("field").asText()).isEqualTo("submissions[1].language");
            answers.add(List.of(results.get(0).get("id").asText(), results.get(2).get("id").asText()));
        }
        assertThat(answers).hasSize(1);
        List<String> ids = answers.iterator().next();
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(jdbc.sql("SELECT id FROM submissions WHERE tenant = 'default' AND idempotency_key LIKE ? ORDER BY id")
                .param(idem + "%").query(String.class).list()).containsExactlyInAnyOrderElementsOf(ids);
        // the batch's key is no single submission's: POST /submissions with it makes another one
        HttpResponse<String> single = postKeyed(idem, "{\"language\":\"python\",\"source\":\"print(1)\"}");
        assertThat(single.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(single.body()).get("id").asText()).isNotIn(ids);
    }

    /**
     * The first keyed POST was a 503, but its record reached Kafka late and ran: the sink wrote the
     * row of the key's id without the key. The retry answers that submission, publishes nothing, and
     * the row takes the key, so another body under it is refused as ever.
     */
    @Test
    void aRetryFindsTheRowTheSinkWroteForTheKeysIdAndTheRowTakesTheKey() throws Exception {
        String idem = "late-" + UUID.randomUUID();
        String id = SubmitSubmission.idFor("default", idem);
        jdbc.sql("""
                INSERT INTO submissions (id, tenant, language, status, status_rank, verdict, exit_code, finished_at)
                VALUES (?, 'default', 'python', 'COMPLETED', 2, 'ACCEPTED', 0, now())
                """).param(id).update();
        String body = "{\"language\":\"python\",\"source\":\"print(42)\"}";

        HttpResponse<String> retried = postKeyed(idem, body);

        assertThat(retried.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(retried.body()).get("id").asText()).isEqualTo(id);
        assertThat(JSON.readTree(retried.body()).get("status").asText()).isEqualTo("COMPLETED");
        assertThat(jdbc.sql("SELECT count(*) FROM submissions WHERE id = ? AND idempotency_key = ? AND request_hash IS NOT NULL")
                .param(id).param(idem).query(Integer.class).single()).isEqualTo(1);
        HttpResponse<String> different = postKeyed(idem, "{\"language\":\"python\",\"source\":\"print(43)\"}");
        assertThat(different.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(different.body()).get("field").asText()).isEqualTo("Idempotency-Key");
    }

    private HttpResponse<String> postKeyed(String idempotencyKey, String body) throws Exception {
        return send(HttpRequest.newBuilder(uri("/api/v1/submissions"))
                .header("Authorization", "Bearer it-key").header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }
}

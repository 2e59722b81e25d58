package dev.codeexec.api.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeexec.api.support.IntegrationTest;
import dev.codeexec.api.support.BrokerIntegrationTestBase;
import dev.codeexec.storage.Durability;
import dev.codeexec.storage.ObjectKeys;
import dev.codeexec.storage.ObjectStorePort;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sink does not fsync the object of an output it also keeps in the row, so a crash may lose
 * that object: its link must still return the exact bytes, from PostgreSQL. An output that only
 * lives in object storage has no such copy: a lost object is a 404, never an empty 200.
 */
@IntegrationTest
class OutputFallbackIntegrationTest extends BrokerIntegrationTestBase {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final byte[] INLINE = {'o', 'k', 0, (byte) 0xff, (byte) 0xc3, 0x28, '\n'};

    @Autowired JdbcClient jdbc;
    @Autowired ObjectStorePort objects;

    @Test
    void aLinkToAnInlineOutputWhoseObjectIsLostStillReturnsTheExactBytes() throws Exception {
        HttpResponse<String> posted = postJson("/api/v1/submissions", "it-key", "{\"language\":\"python\",\"source\":\"1\"}");
        assertThat(posted.statusCode()).isEqualTo(202);
        String id = JSON.readTree(posted.body()).get("id").asText();
        String stdoutKey = "submissions/" + id + "/runs/1/stdout";
        String stderrKey = "submissions/" + id + "/runs/1/stderr";
        // the sink's work: both objects, then the row (stdout inline as well, stderr only in storage)
        objects.put(stdoutKey, INLINE, ObjectKeys.BINARY, Durability.REPLICA);
        objects.put(stderrKey, "large\n".getBytes(), ObjectKeys.TEXT);
        jdbc.sql("UPDATE submissions SET status = 'COMPLETED', status_rank = 2, verdict = 'ACCEPTED' WHERE id = ?")
                .param(id).update();
        jdbc.sql("""
                INSERT INTO runs (submission_id, test_case, verdict, exit_code, cpu_time_ms, wall_time_ms, memory_kb,
                    stdout, stdout_size, stdout_object, stderr, stderr_size, stderr_object)
                VALUES (?, 1, 'ACCEPTED', 0, 1, 2, 3, ?, ?, ?, NULL, 6, ?)
                """).params(id, INLINE, INLINE.length, stdoutKey, stderrKey).update();
        JsonNode links = JSON.readTree(getWithKey("/api/v1/submissions/" + id, "it-key").body())
                .get("runs").get(0).get("links");
        URI stdoutLink = URI.create(links.get("stdout").asText());
        URI stderrLink = URI.create(links.get("stderr").asText());
        assertThat(download(stdoutLink).body()).containsExactly(INLINE);
        assertThat(download(stderrLink).body()).asString().isEqualTo("large\n");

        // a crash lost the unsynced replicas
        assertThat(objects.deleteByPrefix(stdoutKey)).isEqualTo(1);
        assertThat(objects.deleteByPrefix(stderrKey)).isEqualTo(1);

        HttpResponse<byte[]> fromRow = download(stdoutLink);
        assertThat(fromRow.statusCode()).isEqualTo(200);
        assertThat(fromRow.body()).containsExactly(INLINE);
        HttpResponse<byte[]> lost = download(stderrLink);
        assertThat(lost.statusCode()).isEqualTo(404);
        assertThat(lost.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    private HttpResponse<byte[]> download(URI link) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(link.getRawPath() + "?" + link.getRawQuery())).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}

package dev.codeexec.api.web;

import static dev.codeexec.api.support.ProblemMatchers.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.codeexec.api.submission.StoredSubmission;
import dev.codeexec.api.submission.StoredSubmission.StoredRun;
import dev.codeexec.api.support.FakeObjects;
import dev.codeexec.api.support.FakeQueue;
import dev.codeexec.api.support.FakeSources;
import dev.codeexec.api.support.InMemoryStore;
import dev.codeexec.schemas.v1.Submission;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@WebMvcTest(properties = {"codeexec.api.key=test-key", "codeexec.api.admin-key=admin-key"})
@Import(WebSliceConfig.class)
class SeedAndAdminWebTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired MockMvc mvc;
    @Autowired FakeQueue queue;
    @Autowired InMemoryStore store;
    @Autowired FakeSources sources;
    @Autowired FakeObjects objects;

    @BeforeEach
    void reset() {
        queue.published.clear();
        store.rows.clear();
        sources.pages.clear();
        objects.objects.clear();
    }

    @Test
    void uploadTakesTheLanguageFromTheExtension() throws Exception {
        MockMultipartFile file = new MockMultipartFile("sourceCode", "hello.cpp", "text/x-c++src",
                "int main(){}".getBytes(StandardCharsets.UTF_8));
        mvc.perform(multipart("/api/v1/submission").file(file).param("stdin", "world").header("X-Api-Key", "test-key"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.message").value("File uploaded and pushed to queue successfully"))
                .andExpect(jsonPath("$.fileName").value("hello.cpp"))
                .andExpect(jsonPath("$.id").isString());
        Submission s = queue.published.get(0);
        assertThat(s.language()).isEqualTo("cpp");
        assertThat(s.stdin()).isEqualTo("world");
        assertThat(s.entrypoint()).isEqualTo("hello.cpp");
        assertThat(s.files().get(0).content()).isEqualTo("int main(){}");
    }

    @Test
    void uploadWithALanguageFieldAndAnUnknownExtension() throws Exception {
        MockMultipartFile file = new MockMultipartFile("sourceCode", "script.txt", "text/plain", "print(1)".getBytes());
        mvc.perform(multipart("/api/v1/submission").file(file).param("language", "python").header("X-Api-Key", "test-key"))
                .andExpect(status().isOk());
        assertThat(queue.published.get(0).source()).isEqualTo("print(1)");
        assertThat(queue.published.get(0).language()).isEqualTo("python");
    }

    @Test
    void uploadErrorsNameTheField() throws Exception {
        mvc.perform(multipart("/api/v1/submission").file(new MockMultipartFile("sourceCode", "notes.txt", "text/plain",
                        "x".getBytes())).header("X-Api-Key", "test-key"))
                .andExpect(problem(400, "sourceCode"));
        mvc.perform(multipart("/api/v1/submission").file(new MockMultipartFile("other", "a.py", "text/plain",
                        "x".getBytes())).header("X-Api-Key", "test-key"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("sourceCode"));
        mvc.perform(multipart("/api/v1/submission").file(new MockMultipartFile("sourceCode", "a.py", "text/plain",
                        new byte[0])).header("X-Api-Key", "test-key"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("sourceCode"));
        mvc.perform(multipart("/api/v1/submission").file(new MockMultipartFile("sourceCode", "a.py", "text/plain",
                        "x".getBytes())).param("language", "cobol").header("X-Api-Key", "test-key"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("language"));
        assertThat(queue.published).isEmpty();
    }

    @Test
    void aFieldGivenTwiceIsRefusedNotGuessedAt() throws Exception {
        MockMultipartFile one = new MockMultipartFile("sourceCode", "a.py", "text/plain", "print(1)".getBytes());
        MockMultipartFile two = new MockMultipartFile("sourceCode", "b.py", "text/plain", "print(2)".getBytes());
        mvc.perform(multipart("/api/v1/submission").file(one).file(two).header("X-Api-Key", "test-key"))
                .andExpect(problem(400, "sourceCode"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("given 2 times")));
        mvc.perform(multipart("/api/v1/submission").file(one).param("stdin", "a", "b").header("X-Api-Key", "test-key"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("stdin"));
        mvc.perform(multipart("/api/v1/submission?language=python").file(one).param("language", "c")
                        .header("X-Api-Key", "test-key"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("language"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("given 2 times")));
        assertThat(queue.published).isEmpty();
        mvc.perform(multipart("/api/v1/submission").file(one).param("stdin", "a,b").header("X-Api-Key", "test-key"))
                .andExpect(status().isOk());
        assertThat(queue.published).hasSize(1);
    }

    @Test
    void urlSubmissionFetchesAndAnswersLikeAnUpload() throws Exception {
        sources.pages.put("https://example.com/code/Main.java", "class Main {}".getBytes());
        mvc.perform(post("/api/v1/submission/url").header("X-Api-Key", "test-key")
                        .contentType(MediaType.APPLICATION_JSON).content("{\"url\":\"https://example.com/code/Main.java\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.message").value("File uploaded and pushed to queue successfully"))
                .andExpect(jsonPath("$.fileName").value("Main.java"));
        assertThat(queue.published.get(0).language()).isEqualTo("java");
    }

    /** A client that retries an upload after a 503 or a lost answer gets the same submission. */
    @Test
    void anUploadRetriedWithItsIdempotencyKeyIsOneSubmission() throws Exception {
        MockMultipartFile file = new MockMultipartFile("sourceCode", "hello.py", "text/x-python", "print(1)".getBytes());
        String first = mvc.perform(multipart("/api/v1/submission").file(file).param("stdin", "x")
                        .header("X-Api-Key", "test-key").header("Idempotency-Key", "up-1"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        String again = mvc.perform(multipart("/api/v1/submission").file(file).param("stdin", "x")
                        .header("X-Api-Key", "test-key").header("Idempotency-Key", "up-1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.message").value("File uploaded and pushed to queue successfully"))
                .andExpect(jsonPath("$.fileName").value("hello.py"))
                .andReturn().getResponse().getContentAsString();
        assertThat(JSON.readTree(again).get("id").asText()).isEqualTo(JSON.readTree(first).get("id").asText());
        assertThat(queue.published).hasSize(1);

        MockMultipartFile other = new MockMultipartFile("sourceCode", "hello.py", "text/x-python", "print(2)".getBytes());
        mvc.perform(multipart("/api/v1/submission").file(other).param("stdin", "x")
                        .header("X-Api-Key", "test-key").header("Idempotency-Key", "up-1"))
                .andExpect(problem(422, "Idempotency-Key"));
        mvc.perform(multipart("/api/v1/submission").file(file).header("X-Api-Key", "test-key")
                        .header("Idempotency-Key", "bad\u0001key"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("Idempotency-Key"));
        assertThat(queue.published).hasSize(1);
    }

    /** The key of a URL submission stands for what was fetched: a page that changed is another request. */
    @Test
    void aUrlSubmissionRetriedWithItsIdempotencyKeyIsOneSubmission() throws Exception {
        sources.pages.put("https://example.com/code/hi.py", "print('hi')".getBytes());
        String body = "{\"url\":\"https://example.com/code/hi.py\"}";
        String first = mvc.perform(post("/api/v1/submission/url").header("X-Api-Key", "test-key")
                        .header("Idempotency-Key", "url-1").contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        String again = mvc.perform(post("/api/v1/submission/url").header("X-Api-Key", "test-key")
                        .header("Idempotency-Key", "url-1").contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(JSON.readTree(again).get("id").asText()).isEqualTo(JSON.readTree(first).get("id").asText());
        assertThat(queue.published).hasSize(1);

        sources.pages.put("https://example.com/code/hi.py", "print('changed')".getBytes());
        mvc.perform(post("/api/v1/submission/url").header("X-Api-Key", "test-key")
                        .header("Idempotency-Key", "url-1").contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.field").value("Idempotency-Key"));
        assertThat(queue.published).hasSize(1);
    }

    @Test
    void refusedUrlIs422AndMissingUrlIs400() throws Exception {
        mvc.perform(post("/api/v1/submission/url").header("X-Api-Key", "test-key")
                        .contentType(MediaType.APPLICATION_JSON).content("{\"url\":\"http://169.254.169.254/x.py\"}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.field").value("url"));
        mvc.perform(post("/api/v1/submission/url").header("X-Api-Key", "test-key")
                        .contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("url"));
        assertThat(queue.published).isEmpty();
    }

    @Test
    void executedUrlIsAStatusBeforeCompletionAndALinkAfter() throws Exception {
        store.put(row("q1", "QUEUED", List.of()));
        mvc.perform(get("/api/v1/submission/url").param("id", "q1").header("X-Api-Key", "test-key"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.codeId").value("q1"))
                .andExpect(jsonPath("$.status").value("QUEUED"))
                .andExpect(jsonPath("$.executedUrl").isEmpty());
        store.put(row("c1", "COMPLETED", List.of(new StoredRun(1, "ACCEPTED", null, 0, null, null, 1, 1, 1,
                "hi".getBytes(), false, 2, "submissions/c1/runs/1/stdout", new byte[0], false, 0, null))));
        mvc.perform(get("/api/v1/submission/url").param("id", "c1").header("X-Api-Key", "test-key"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.message").value("Executed URL fetched successfully"))
                .andExpect(jsonPath("$.codeId").value("c1"))
                .andExpect(jsonPath("$.executedUrl").value("https://objects.test/submissions/c1/runs/1/stdout?signature=ok"));
        mvc.perform(get("/api/v1/submission/url").param("id", "nope").header("X-Api-Key", "test-key"))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/submission/url").header("X-Api-Key", "test-key"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.field").value("id"));
    }

    @Test
    void signedObjectLinksServeBytesWithoutAKeyAndRefuseBadSignatures() throws Exception {
        objects.objects.put("submissions/c1/runs/1/stdout", "hello\n".getBytes());
        mvc.perform(get("/api/v1/objects/submissions/c1/runs/1/stdout").param("signature", "ok"))
                .andExpect(status().isOk())
                .andExpect(content().string("hello\n"));
        mvc.perform(get("/api/v1/objects/submissions/c1/runs/1/stdout").param("signature", "forged"))
                .andExpect(problem(403));
        mvc.perform(get("/api/v1/objects/submissions/c1/runs/1/stdout").param("signature", "expired"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.detail").value("this link has expired; ask for a new one"));
        store.put(row("e1", "COMPLETED", List.of(new StoredRun(1, "ACCEPTED", null, 0, null, null, 1, 1, 1,
                new byte[0], false, 0, null, new byte[0], false, 0, null))));
        mvc.perform(get("/api/v1/objects/submissions/e1/runs/1/stdout").param("signature", "ok"))
                .andExpect(status().isOk()).andExpect(content().string(""));
    }

    @Test
    void anOutputKeptInItsRowIsServedFromTheRowNotFromAReplicaACrashLeftShort() throws Exception {
        store.put(row("r1", "COMPLETED", List.of(new StoredRun(0, "ACCEPTED", null, 0, null, null, 1, 1, 1,
                "whole output\n".getBytes(), false, 13, "submissions/r1/runs/0/stdout", new byte[0], false, 0, null))));
        objects.objects.put("submissions/r1/runs/0/stdout", "who".getBytes());

        mvc.perform(get("/api/v1/objects/submissions/r1/runs/0/stdout").param("signature", "ok"))
                .andExpect(status().isOk()).andExpect(content().string("whole output\n"));
    }

    @Test
    void adminCreatesAndRevokesKeysAndTheNewKeyWorksForItsTenantOnly() throws Exception {
        String created = mvc.perform(post("/api/v1/admin/keys").header("X-Api-Key", "admin-key")
                        .contentType(MediaType.APPLICATION_JSON).content("{\"tenant\":\"acme\"}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.tenant").value("acme"))
                .andReturn().getResponse().getContentAsString();
        JsonNode key = JSON.readTree(created);
        store.put(row("acme-1", "QUEUED", List.of()));
        mvc.perform(get("/api/v1/submissions/acme-1").header("X-Api-Key", key.get("key").asText()))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/submissions/acme-1").header("X-Api-Key", "test-key"))
                .andExpect(status().isOk());
        mvc.perform(post("/api/v1/admin/keys").header("X-Api-Key", key.get("key").asText())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"tenant\":\"acme\"}"))
                .andExpect(problem(403));
        mvc.perform(post("/api/v1/admin/keys").header("X-Api-Key", "admin-key")
                        .contentType(MediaType.APPLICATION_JSON).content("{\"tenant\":\"../x\"}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.field").value("tenant"));
        mvc.perform(delete("/api/v1/admin/keys/" + key.get("id").asText()).header("X-Api-Key", "admin-key"))
                .andExpect(status().isNoContent());
        mvc.perform(get("/api/v1/submissions/acme-1").header("X-Api-Key", key.get("key").asText()))
                .andExpect(status().isUnauthorized());
        mvc.perform(delete("/api/v1/admin/keys/" + key.get("id").asText()).header("X-Api-Key", "admin-key"))
                .andExpect(status().isNotFound());
    }

    @Test
    void operationalStatusIsForAdminsOnly() throws Exception {
        store.put(row("q1", "QUEUED", List.of()));
        mvc.perform(get("/api/v1/admin/status").header("X-Api-Key", "admin-key"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.backlog").value(7))
                .andExpect(jsonPath("$.submissions.QUEUED").value(1));
        mvc.perform(get("/api/v1/admin/status").header("X-Api-Key", "test-key"))
                .andExpect(status().isForbidden());
    }

    @Test
    void theConfiguredKeyIsNotAdminWhenAnAdminKeyIsSet() throws Exception {
        mvc.perform(post("/api/v1/admin/keys").header("X-Api-Key", "test-key")
                        .contentType(MediaType.APPLICATION_JSON).content("{\"tenant\":\"acme\"}"))
                .andExpect(status().isForbidden());
    }

    private static StoredSubmission row(String id, String status, List<StoredRun> runs) {
        return new StoredSubmission(id, "default", "python", status, "COMPLETED".equals(status) ? "ACCEPTED" : null,
                null, null, null, null, null, null, null, null, null, Instant.now(), null, runs);
    }
}

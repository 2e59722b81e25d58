package dev.codeexec.api.web;

import static dev.codeexec.api.support.ProblemMatchers.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.codeexec.api.common.Refusal;
import dev.codeexec.api.submission.StoredSubmission;
import dev.codeexec.api.submission.StoredSubmission.StoredRun;
import dev.codeexec.api.support.FakeQueue;
import dev.codeexec.api.support.InMemoryStore;
import dev.codeexec.api.support.SwitchableAdmission;
import dev.codeexec.schemas.v1.Submission;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@WebMvcTest(properties = {"codeexec.api.key=test-key", "codeexec.api.max-body-kb=4"})
@Import(WebSliceConfig.class)
class SubmissionWebTest {

    private static final String HELLO = "{\"language\":\"python\",\"source\":\"print(input())\",\"stdin\":\"hi\"}";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired MockMvc mvc;
    @Autowired FakeQueue queue;
    @Autowired InMemoryStore store;
    @Autowired SwitchableAdmission admission;
    @Autowired dev.codeexec.api.submission.LiveEvents liveEvents;

    @BeforeEach
    void reset() {
        queue.published.clear();
        queue.unavailable = false;
        queue.stalled = false;
        queue.takenLate.clear();
        store.rows.clear();
        admission.refusal = null;
        store.down = false;
    }

    private static MockHttpServletRequestBuilder submit(String body) {
        return post("/api/v1/submissions").header("Authorization", "Bearer test-key")
                .contentType(MediaType.APPLICATION_JSON).content(body);
    }

    private String postAndGetId(String body) throws Exception {
        String response = mvc.perform(submit(body)).andExpect(status().isAccepted())
                .andReturn().getResponse().getContentAsString();
        return JSON.readTree(response).get("id").asText();
    }

    @Test
    void acceptsASubmissionAndAGetRightAfterShowsItQueued() throws Exception {
        mvc.perform(submit(HELLO))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.status").value("QUEUED"))
                .andExpect(jsonPath("$.id").isString())
                .andExpect(header().string("Location", startsWith("/api/v1/submissions/")));
        assertThat(queue.published).hasSize(1);
        Submission sent = queue.published.get(0);
        assertThat(sent.tenant()).isEqualTo("default");
        assertThat(sent.language()).isEqualTo("python");
        assertThat(sent.stdin()).isEqualTo("hi");

        mvc.perform(get("/api/v1/submissions/" + sent.id()).header("X-Api-Key", "test-key"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value(sent.id()))
                .andExpect(jsonPath("$.status").value("QUEUED"))
                .andExpect(jsonPath("$.language").value("python"))
                .andExpect(jsonPath("$.verdict").doesNotExist());
    }

    @Test
    void missingKeyIs401ProblemJson() throws Exception {
        mvc.perform(post("/api/v1/submissions").contentType(MediaType.APPLICATION_JSON).content(HELLO))
                .andExpect(problem(401))
                .andExpect(header().string("WWW-Authenticate", "Bearer"));
        assertThat(queue.published).isEmpty();
    }

    @Test
    void wrongKeyIs401() throws Exception {
        mvc.perform(get("/api/v1/submissions/x").header("Authorization", "Bearer nope"))
                .andExpect(problem(401))
                .andExpect(jsonPath("$.detail").value("the API key is not valid"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "malformed JSON         | {\"language\":\"python\",                                  | body",
        "unknown language       | {\"language\":\"cobol\",\"source\":\"x\"}                  | language",
        "missing language       | {\"source\":\"x\"}                                         | language",
        "missing source         | {\"language\":\"python\",\"stdin\":\"x\"}                  | source",
        "source and files       | {\"language\":\"python\",\"source\":\"x\",\"files\":[{\"name\":\"a.py\",\"content\":\"x\"}],\"entrypoint\":\"a.py\"} | files",
        "limit of wrong type    | {\"language\":\"python\",\"source\":\"x\",\"limits\":{\"cpuTimeMs\":\"abc\"}} | limits.cpuTimeMs",
        "negative limit         | {\"language\":\"python\",\"source\":\"x\",\"limits\":{\"cpuTimeMs\":-1}}     | limits.cpuTimeMs",
        "bad compare mode       | {\"language\":\"python\",\"source\":\"x\",\"compareMode\":\"fuzzy\"}           | compareMode",
        "unsafe file name       | {\"language\":\"python\",\"files\":[{\"name\":\"../x.py\",\"content\":\"x\"}],\"entrypoint\":\"../x.py\"} | files[0].name",
        "entrypoint not a file  | {\"language\":\"python\",\"files\":[{\"name\":\"a.py\",\"content\":\"x\"}],\"entrypoint\":\"b.py\"} | entrypoint",
        "bad base64             | {\"language\":\"python\",\"files\":[{\"name\":\"a.py\",\"content\":\"%%%\",\"encoding\":\"base64\"}],\"entrypoint\":\"a.py\"} | files[0].content",
        "unknown field          | {\"language\":\"python\",\"source\":\"x\",\"limits\":{\"gpus\":1}}         | limits.gpus",
        "fraction for integer   | {\"language\":\"python\",\"source\":\"x\",\"limits\":{\"cpuTimeMs\":1.5}}  | limits.cpuTimeMs",
        "callback not http      | {\"language\":\"python\",\"source\":\"x\",\"callbackUrl\":\"file:///etc/passwd\"} | callbackUrl",
        "33 compiler options    | {\"language\":\"cpp\",\"source\":\"x\",\"compilerOptions\":[\"-O\",\"-O\",\"-O\",\"-O\",\"-O\",\"-O\",\"-O\",\"-O\",\"-O\",\"-O\",\"-O\",\"-O\",\"-O\",\"-O\",\"-O\",\"-O\",\"-O\",\"-O\",\"-O\",\"-O\",\"-O\",\"-O\",\"-O\",\"-O\",\"-O\",\"-O\",\"-O\",\"-O\",\"-O\",\"-O\",\"-O\",\"-O\",\"-O\"]} | compilerOptions",
        "compiler option too long | {\"language\":\"cpp\",\"source\":\"x\",\"compilerOptions\":[\"-O2\",\"-DXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX\"]} | compilerOptions[1]",
        "NUL in a compiler option | {\"language\":\"cpp\",\"source\":\"x\",\"compilerOptions\":[\"-Da\\u0000b\"]} | compilerOptions[0]",
        "NUL in metadata        | {\"language\":\"python\",\"source\":\"x\",\"metadata\":{\"k\":\"a\\u0000b\"}} | metadata.k",
        "lone surrogate in metadata | {\"language\":\"python\",\"source\":\"x\",\"metadata\":{\"k\":\"\\ud800\"}} | metadata.k",
        "NUL in callbackUrl     | {\"language\":\"python\",\"source\":\"x\",\"callbackUrl\":\"https://a/\\u0000\"} | callbackUrl",
        "compiler options a string | {\"language\":\"cpp\",\"source\":\"x\",\"compilerOptions\":\"-O2\"} | compilerOptions",
        "array instead of object| [1,2,3]                                                      | body",
        "JSON null body         | null                                                         | body",
    })
    void badInputIs400NamingTheField(String name, String body, String field) throws Exception {
        mvc.perform(submit(body))
                .andExpect(problem(400, field))
                .andExpect(jsonPath("$.errors[0].reason").isString());
        assertThat(queue.published).isEmpty();
        assertThat(store.rows).isEmpty();
    }

    /**
     * A body that is not one JSON object is a 400 that says so in the client's terms: never the
     * Java class it would have become, nor the parser's note on a source it does not show.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "/api/v1/submissions       | [1,2,3]                                           | the body must be a JSON object",
        "/api/v1/submissions       | 5                                                 | the body must be a JSON object",
        "/api/v1/submissions       | \"print(1)\"                                      | the body must be a JSON object",
        "/api/v1/submissions/batch | [{\"language\":\"python\",\"source\":\"x\"}]       | the body must be a JSON object",
        "/api/v1/submissions       | {\"language\":\"python\",\"source\":\"x\"} {}       | the body holds more after its JSON object; send exactly one JSON object",
        "/api/v1/submissions       | {\"language\":\"python\",\"source\":\"x\"          | the body is not valid JSON: Unexpected end-of-input: expected close marker for Object (line 1, column 34)",
        "/api/v1/submissions       | {\"language\":python}                              | the body is not valid JSON: Unrecognized token 'python': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false') (line 1, column 13)",
    })
    void aBodyThatIsNotOneJsonObjectIs400InTheClientsTerms(String path, String body, String detail) throws Exception {
        mvc.perform(post(path).header("X-Api-Key", "test-key").contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(problem(400, "body"))
                .andExpect(jsonPath("$.detail").value(detail));
        assertThat(queue.published).isEmpty();
    }

    /** A value of another JSON type is refused, never converted: 5 is not the source "5". */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "source a number          | {\"language\":\"python\",\"source\":5}                          | source           | must be a JSON string",
        "source a boolean         | {\"language\":\"python\",\"source\":true}                       | source           | must be a JSON string",
        "language a number        | {\"language\":7,\"source\":\"x\"}                               | language         | must be a JSON string",
        "stdin a fraction         | {\"language\":\"python\",\"source\":\"x\",\"stdin\":1.5}     | stdin            | must be a JSON string",
        "metadata value a number  | {\"language\":\"python\",\"source\":\"x\",\"metadata\":{\"a\":1}} | metadata.a | must be a JSON string",
        "an argument a number     | {\"language\":\"python\",\"source\":\"x\",\"args\":[\"a\",2]} | args[1]     | must be a JSON string",
        "limit a numeric string   | {\"language\":\"python\",\"source\":\"x\",\"limits\":{\"cpuTimeMs\":\"1000\"}} | limits.cpuTimeMs | must be a JSON number without a fraction",
        "limit a boolean          | {\"language\":\"python\",\"source\":\"x\",\"limits\":{\"memoryMb\":true}} | limits.memoryMb | must be a JSON number without a fraction",
        "limit over a long        | {\"language\":\"python\",\"source\":\"x\",\"limits\":{\"cpuTimeMs\":99999999999999999999999}} | limits.cpuTimeMs | is out of range",
        "a field given twice      | {\"language\":\"python\",\"source\":\"x\",\"source\":\"y\"}  | source           | is given twice; give it once",
        "a nested field twice     | {\"language\":\"python\",\"source\":\"x\",\"limits\":{\"memoryMb\":64,\"memoryMb\":1}} | limits.memoryMb | is given twice; give it once",
        "a metadata key twice     | {\"language\":\"python\",\"source\":\"x\",\"metadata\":{\"k\":\"a\",\"k\":\"b\"}} | metadata.k | is given twice; give it once",
    })
    void aScalarOfAnotherTypeIs400SayingTheTypeExpected(String name, String body, String field, String expected)
            throws Exception {
        mvc.perform(submit(body))
                .andExpect(problem(400, field))
                .andExpect(jsonPath("$.errors[0].reason").value("'" + field + "' " + expected));
        assertThat(queue.published).isEmpty();
        assertThat(store.rows).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "null file                | {\"language\":\"python\",\"files\":[null],\"entrypoint\":\"a\"}",
        "null metadata value      | {\"language\":\"python\",\"source\":\"x\",\"metadata\":{\"a\":null}}",
        "empty test cases         | {\"language\":\"python\",\"source\":\"x\",\"testCases\":[]}",
        "args not a list          | {\"language\":\"python\",\"source\":\"x\",\"args\":{\"a\":1}}",
        "language a list          | {\"language\":[\"python\"],\"source\":\"x\"}",
        "huge number              | {\"language\":\"python\",\"source\":\"x\",\"limits\":{\"cpuTimeMs\":99999999999999999999999}}",
        "float limit              | {\"language\":\"python\",\"source\":\"x\",\"limits\":{\"cpuTimeMs\":1.5}}",
        "unknown limit            | {\"language\":\"python\",\"source\":\"x\",\"limits\":{\"gpus\":1}}",
        "too many metadata keys   | {\"language\":\"python\",\"source\":\"x\",\"metadata\":{\"1\":\"\",\"2\":\"\",\"3\":\"\",\"4\":\"\",\"5\":\"\",\"6\":\"\",\"7\":\"\",\"8\":\"\",\"9\":\"\",\"10\":\"\",\"11\":\"\",\"12\":\"\",\"13\":\"\",\"14\":\"\",\"15\":\"\",\"16\":\"\",\"17\":\"\"}}",
        "string instead of object | \"hello\"",
    })
    void oddBodiesAre4xxNever500(String name, String body) throws Exception {
        int status = mvc.perform(submit(body)).andReturn().getResponse().getStatus();
        assertThat(status).as(name).isBetween(400, 499);
        assertThat(queue.published).isEmpty();
    }

    @Test
    void deeplyNestedJsonIs400() throws Exception {
        String deep = "{\"language\":\"python\",\"source\":\"x\",\"metadata\":" + "[".repeat(2000) + "]".repeat(2000) + "}";
        mvc.perform(submit(deep)).andExpect(status().isBadRequest());
    }

    @Test
    void invalidUtf8BodyIs400() throws Exception {
        byte[] body = {'{', '"', 'l', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        mvc.perform(post("/api/v1/submissions").header("Authorization", "Bearer test-key")
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isBadRequest());
    }

    @Test
    void aWaitWhenTooManyAreFollowingIsStillA202NotA503() throws Exception {
        List<dev.codeexec.api.submission.LiveEvents.Subscription> taken = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) { // every place WebSliceConfig's LiveEvents has
                taken.add(liveEvents.subscribe("someone-else-" + i, event -> { }, 5));
            }
            mvc.perform(post("/api/v1/submissions?wait=true&waitMs=500").header("Authorization", "Bearer test-key")
                            .contentType(MediaType.APPLICATION_JSON).content(HELLO))
                    .andExpect(status().isAccepted())
                    .andExpect(jsonPath("$.status").value("QUEUED"));
        } finally {
            taken.forEach(dev.codeexec.api.submission.LiveEvents.Subscription::close);
        }
    }

    @Test
    void emptyBodyIs400() throws Exception {
        mvc.perform(submit("")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("body"));
    }

    @Test
    void limitsOverTheMaximaAre422() throws Exception {
        mvc.perform(submit("{\"language\":\"python\",\"source\":\"x\",\"limits\":{\"cpuTimeMs\":999999,\"memoryMb\":4096}}"))
                .andExpect(problem(422))
                .andExpect(jsonPath("$.errors", hasSize(2)))
                .andExpect(jsonPath("$.errors[0].field").value("limits.cpuTimeMs"))
                .andExpect(jsonPath("$.errors[1].field").value("limits.memoryMb"));
        assertThat(queue.published).isEmpty();
    }

    @Test
    void compilerOptionsForALanguageWithoutACompileStepAre422() throws Exception {
        mvc.perform(submit("{\"language\":\"python\",\"source\":\"x\",\"compilerOptions\":[\"-O2\"]}"))
                .andExpect(problem(422, "compilerOptions"));
        assertThat(queue.published).isEmpty();
    }

    @Test
    void callbackToAnInternalAddressIs422() throws Exception {
        mvc.perform(submit("{\"language\":\"python\",\"source\":\"x\",\"callbackUrl\":\"http://169.254.169.254/hook\"}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.field").value("callbackUrl"));
        assertThat(queue.published).isEmpty();
    }

    @Test
    void nonJsonContentTypeIs415() throws Exception {
        mvc.perform(post("/api/v1/submissions").header("Authorization", "Bearer test-key")
                        .contentType(MediaType.TEXT_PLAIN).content("print(1)"))
                .andExpect(problem(415, "Content-Type"))
                .andExpect(jsonPath("$.detail").value("this endpoint takes application/json; not text/plain"));
        mvc.perform(post("/api/v1/submissions").header("Authorization", "Bearer test-key").content("{}"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.detail").value("this endpoint takes application/json; no Content-Type was given"));
        assertThat(queue.published).isEmpty();
    }

    @Test
    void aPathNoEndpointServesIs404SayingSo() throws Exception {
        mvc.perform(get("/api/v1/submissions/abc/runs/0/stdout").header("Authorization", "Bearer test-key"))
                .andExpect(problem(404))
                .andExpect(jsonPath("$.detail").value(
                        "no endpoint answers GET /api/v1/submissions/abc/runs/0/stdout; /api/v1/docs lists them"));
    }

    @Test
    void bodyOverTheCapIs413() throws Exception {
        String big = "{\"language\":\"python\",\"source\":\"" + "x".repeat(5 * 1024) + "\"}";
        mvc.perform(submit(big))
                .andExpect(problem(413, "body"));
        assertThat(queue.published).isEmpty();
    }

    @Test
    void kafkaUnreachableIs503WithRetryAfterAndNothingStored() throws Exception {
        queue.unavailable = true;
        mvc.perform(submit(HELLO))
                .andExpect(problem(503))
                .andExpect(header().string("Retry-After", "7"));
        assertThat(store.rows).isEmpty();
    }

    @Test
    void refusedAdmissionIs429WithRetryAfter() throws Exception {
        admission.refusal = Refusal.tooMany("rate limit of this API key reached", 3);
        mvc.perform(submit(HELLO))
                .andExpect(problem(429))
                .andExpect(header().string("Retry-After", "3"));
        assertThat(queue.published).isEmpty();
    }

    @Test
    void databaseDownIs503NotA500() throws Exception {
        store.down = true;
        mvc.perform(get("/api/v1/submissions/some-id").header("X-Api-Key", "test-key"))
                .andExpect(problem(503))
                .andExpect(header().exists("Retry-After"));
    }

    @Test
    void unknownIdIs404ProblemJson() throws Exception {
        mvc.perform(get("/api/v1/submissions/no-such-id").header("X-Api-Key", "test-key"))
                .andExpect(problem(404));
    }

    @Test
    void unknownPathAndWrongMethodAreProblems() throws Exception {
        mvc.perform(get("/api/v1/nothing-here").header("X-Api-Key", "test-key"))
                .andExpect(problem(404));
        mvc.perform(put("/api/v1/submissions").header("X-Api-Key", "test-key"))
                .andExpect(problem(405));
    }

    @Test
    void completedSubmissionShowsTheFirstFailingRunAndEveryRun() throws Exception {
        byte[] binary = {(byte) 0xff, 0, 'a'};
        store.put(new StoredSubmission("done-1", "default", "cpp", "COMPLETED", "WRONG_ANSWER", "test case 2",
                0, null, null, 10L, 20L, 3000L, "{\"cached\":false,\"exitCode\":0}", null,
                Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:01Z"), List.of(
                new StoredRun(1, "ACCEPTED", null, 0, null, null, 5, 6, 1000,
                        "hello world\n".getBytes(StandardCharsets.UTF_8), false, 12, null, new byte[0], false, 0, null),
                new StoredRun(2, "WRONG_ANSWER", "expected 2", 0, null, null, 7, 8, 2000,
                        binary, true, 3, null, "oops".getBytes(StandardCharsets.UTF_8), false, 4, null))));
        mvc.perform(get("/api/v1/submissions/done-1").header("X-Api-Key", "test-key"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("COMPLETED"))
                .andExpect(jsonPath("$.verdict").value("WRONG_ANSWER"))
                .andExpect(jsonPath("$.verdictDetail").value("test case 2"))
                .andExpect(jsonPath("$.stdout").value("/wBh"))
                .andExpect(jsonPath("$.stdoutEncoding").value("base64"))
                .andExpect(jsonPath("$.stdoutTruncated").value(true))
                .andExpect(jsonPath("$.stderr").value("oops"))
                .andExpect(jsonPath("$.stderrEncoding").value("utf8"))
                .andExpect(jsonPath("$.exitCode").value(0))
                .andExpect(jsonPath("$.cpuTimeMs").value(7))
                .andExpect(jsonPath("$.wallTimeMs").value(8))
                .andExpect(jsonPath("$.memoryKb").value(2000))
                .andExpect(jsonPath("$.compile.exitCode").value(0))
                .andExpect(jsonPath("$.runs", hasSize(2)))
                .andExpect(jsonPath("$.runs[0].stdout").value("hello world\n"))
                .andExpect(jsonPath("$.runs[1].verdict").value("WRONG_ANSWER"));
    }

    @Test
    void idempotencyKeyGivesTheSameIdAndADifferentBodyIs422() throws Exception {
        String first = mvc.perform(submit(HELLO).header("Idempotency-Key", "k1"))
                .andExpect(status().isAccepted()).andReturn().getResponse().getContentAsString();
        String again = mvc.perform(submit(HELLO).header("Idempotency-Key", "k1"))
                .andExpect(status().isAccepted()).andReturn().getResponse().getContentAsString();
        assertThat(JSON.readTree(again).get("id")).isEqualTo(JSON.readTree(first).get("id"));
        assertThat(queue.published).hasSize(1);
        mvc.perform(submit("{\"language\":\"python\",\"source\":\"print(2)\"}").header("Idempotency-Key", "k1"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.field").value("Idempotency-Key"));
        assertThat(queue.published).hasSize(1);
    }

    /**
     * A stalled broker takes the record but not in time: 503. The retry with the key sends the same
     * id again, not a second submission (the sink keeps one result per id).
     */
    @Test
    void aRetryAfterA503FromAStalledBrokerSendsTheSameIdAgain() throws Exception {
        queue.stalled = true;
        mvc.perform(submit(HELLO).header("Idempotency-Key", "stall-1")).andExpect(status().isServiceUnavailable());
        assertThat(queue.takenLate).hasSize(1);
        queue.stalled = false;

        String retried = mvc.perform(submit(HELLO).header("Idempotency-Key", "stall-1"))
                .andExpect(status().isAccepted()).andReturn().getResponse().getContentAsString();

        assertThat(JSON.readTree(retried).get("id").asText()).isEqualTo(queue.takenLate.get(0).id());
        assertThat(queue.published).extracting(Submission::id).containsExactly(queue.takenLate.get(0).id());
    }

    /**
     * When the late record has already run, its row is the sink's (no key in it): the retry answers
     * that submission, as it stands, publishes nothing, and leaves the key on the row.
     */
    @Test
    void aRetryAfterTheLateRecordRanAnswersItsResultAndPublishesNothing() throws Exception {
        queue.stalled = true;
        mvc.perform(submit(HELLO).header("Idempotency-Key", "stall-2")).andExpect(status().isServiceUnavailable());
        String lateId = queue.takenLate.get(0).id();
        queue.stalled = false;
        store.put(new StoredSubmission(lateId, "default", "python", "COMPLETED", "ACCEPTED", null, 0, null, null,
                12L, 30L, 9000L, null, null, Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:01Z"),
                List.of()));

        mvc.perform(submit(HELLO).header("Idempotency-Key", "stall-2"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.id").value(lateId))
                .andExpect(jsonPath("$.status").value("COMPLETED"));
        assertThat(queue.published).isEmpty();
        // the row took the key with that body: another body under the key is refused, as ever
        mvc.perform(submit("{\"language\":\"python\",\"source\":\"print(2)\"}").header("Idempotency-Key", "stall-2"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.field").value("Idempotency-Key"));
    }

    @Test
    void fullRequestFieldsReachTheRecord() throws Exception {
        String body = """
                {"language":"python","files":[{"name":"main.py","content":"import lib"},
                  {"name":"lib.py","content":"cHJpbnQoMSk=","encoding":"base64"}],
                 "entrypoint":"main.py","args":["-v"],
                 "testCases":[{"stdin":"1","expectedOutput":"1"},{"stdin":"2","expectedOutput":"2"}],
                 "compareMode":"exact","limits":{"cpuTimeMs":1000,"memoryMb":128},
                 "metadata":{"course":"cs101"},"callbackUrl":"https://example.com/hook"}
                """;
        postAndGetId(body);
        Submission s = queue.published.get(0);
        assertThat(s.files()).hasSize(2);
        assertThat(s.files().get(1).bytes()).isEqualTo("print(1)".getBytes(StandardCharsets.UTF_8));
        assertThat(s.entrypoint()).isEqualTo("main.py");
        assertThat(s.args()).containsExactly("-v");
        assertThat(s.testCases()).hasSize(2);
        assertThat(s.compareMode()).hasToString("EXACT");
        assertThat(s.limits().cpuTimeMs()).isEqualTo(1000L);
        assertThat(s.metadata()).containsEntry("course", "cs101");
        assertThat(s.callbackUrl()).isEqualTo("https://example.com/hook");
    }

    @Test
    void compilerOptionsReachTheRecordLiterallyAndChangeTheIdempotencyHash() throws Exception {
        String body = """
                {"language":"cpp","source":"int main(){}","compilerOptions":["-O0","-DG=\\"a;b $(x) `y`\\"\\n"]}
                """;
        mvc.perform(submit(body).header("Idempotency-Key", "opts-1")).andExpect(status().isAccepted());
        assertThat(queue.published.get(0).compilerOptions()).containsExactly("-O0", "-DG=\"a;b $(x) `y`\"\n");

        mvc.perform(submit(body.replace("-O0", "-O3")).header("Idempotency-Key", "opts-1"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.field").value("Idempotency-Key"));
        assertThat(queue.published).hasSize(1);
    }

    @Test
    void listsOwnSubmissionsNewestFirstByCursor() throws Exception {
        for (int i = 0; i < 5; i++) {
            store.put(new StoredSubmission("s" + i, "default", i % 2 == 0 ? "cpp" : "python", "QUEUED", null, null,
                    null, null, null, null, null, null, null, null, Instant.parse("2026-01-01T00:00:0" + i + "Z"),
                    null, List.of()));
        }
        store.put(new StoredSubmission("other", "tenant-b", "cpp", "QUEUED", null, null, null, null, null, null,
                null, null, null, null, Instant.parse("2026-01-01T00:00:09Z"), null, List.of()));
        String page1 = mvc.perform(get("/api/v1/submissions?limit=2").header("X-Api-Key", "test-key"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].id").value("s4"))
                .andExpect(jsonPath("$.items[1].id").value("s3"))
                .andReturn().getResponse().getContentAsString();
        String cursor = JSON.readTree(page1).get("next").asText();
        mvc.perform(get("/api/v1/submissions?limit=2&cursor=" + cursor).header("X-Api-Key", "test-key"))
                .andExpect(jsonPath("$.items[0].id").value("s2"))
                .andExpect(jsonPath("$.items[1].id").value("s1"));
        mvc.perform(get("/api/v1/submissions?language=cpp").header("X-Api-Key", "test-key"))
                .andExpect(jsonPath("$.items", hasSize(3)))
                .andExpect(jsonPath("$.next").doesNotExist());
        mvc.perform(get("/api/v1/submissions?limit=0").header("X-Api-Key", "test-key"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.field").value("limit"));
        mvc.perform(get("/api/v1/submissions?cursor=garbage!").header("X-Api-Key", "test-key"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.field").value("cursor"));
        mvc.perform(get("/api/v1/submissions?status=DONE").header("X-Api-Key", "test-key"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.field").value("status"));
        mvc.perform(get("/api/v1/submissions?limit=abc").header("X-Api-Key", "test-key"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.field").value("limit"));
    }

    @Test
    void waitOverTheMaximumIs400() throws Exception {
        mvc.perform(submit(HELLO).param("wait", "true").param("waitMs", "600000"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.field").value("waitMs"));
        assertThat(queue.published).isEmpty();
    }

    @Test
    void batchAnswersOneIdOrErrorPerItemInOrder() throws Exception {
        String body = "{\"submissions\":[" + HELLO + ",{\"language\":\"cobol\",\"source\":\"x\"}," + HELLO + "]}";
        mvc.perform(post("/api/v1/submissions/batch").header("X-Api-Key", "test-key")
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.results", hasSize(3)))
                .andExpect(jsonPath("$.results[0].status").value("QUEUED"))
                .andExpect(jsonPath("$.results[1].error.status").value(400))
                .andExpect(jsonPath("$.results[1].error.field").value("submissions[1].language"))
                .andExpect(jsonPath("$.results[2].id").isString());
        assertThat(queue.published).hasSize(2);
    }

    @Test
    void batchItemsCarryTheirCompilerOptionsOrAnErrorNamingThem() throws Exception {
        String body = "{\"submissions\":[{\"language\":\"cpp\",\"source\":\"x\",\"compilerOptions\":[\"-O\\u0000\"]},"
                + "{\"language\":\"cpp\",\"source\":\"x\",\"compilerOptions\":[\"-O0\",\"-Wall\"]}]}";
        mvc.perform(post("/api/v1/submissions/batch").header("X-Api-Key", "test-key")
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.results[0].error.status").value(400))
                .andExpect(jsonPath("$.results[0].error.field").value("submissions[0].compilerOptions[0]"))
                .andExpect(jsonPath("$.results[1].id").isString());
        assertThat(queue.published).singleElement()
                .satisfies(s -> assertThat(s.compilerOptions()).containsExactly("-O0", "-Wall"));
    }

    private ResultActions batch(String key, String... items) throws Exception {
        var request = post("/api/v1/submissions/batch").header("X-Api-Key", "test-key")
                .contentType(MediaType.APPLICATION_JSON).content("{\"submissions\":[" + String.join(",", items) + "]}");
        return mvc.perform(key == null ? request : request.header("Idempotency-Key", key));
    }

    private static List<String> ids(ResultActions answer) throws Exception {
        List<String> ids = new ArrayList<>();
        JSON.readTree(answer.andReturn().getResponse().getContentAsString()).get("results")
                .forEach(item -> ids.add(item.has("id") ? item.get("id").asText() : null));
        return ids;
    }

    /**
     * A batch sent again with its key answers the submissions it made (same ids, nothing published
     * again) and makes only what is new; an item with another body under the key is a 422 of its own.
     */
    @Test
    void aBatchSentAgainWithItsKeyMakesEachSubmissionOnce() throws Exception {
        String cobol = "{\"language\":\"cobol\",\"source\":\"x\"}";
        String two = "{\"language\":\"python\",\"source\":\"print(2)\"}";
        List<String> first = ids(batch("b-1", HELLO, cobol, two).andExpect(status().isOk()));
        assertThat(queue.published).extracting(Submission::id).containsExactly(first.get(0), first.get(2));

        var again = batch("b-1", HELLO, cobol, two).andExpect(status().isOk())
                .andExpect(jsonPath("$.results[0].status").value("QUEUED"))
                .andExpect(jsonPath("$.results[1].error.field").value("submissions[1].language"));
        assertThat(ids(again)).isEqualTo(first);
        assertThat(queue.published).hasSize(2);

        // item 0 with another body is refused; item 1, valid now, is made; item 2 is answered as before
        var changed = batch("b-1", two, HELLO, two).andExpect(status().isOk())
                .andExpect(jsonPath("$.results[0].error.status").value(422))
                .andExpect(jsonPath("$.results[0].error.field").value("submissions[0].Idempotency-Key"))
                .andExpect(jsonPath("$.results[1].status").value("QUEUED"));
        List<String> third = ids(changed);
        assertThat(third.get(2)).isEqualTo(first.get(2));
        assertThat(queue.published).extracting(Submission::id).containsExactly(first.get(0), first.get(2), third.get(1));

        // the batch's key names the batch: a single submission with that key is another submission
        String single = JSON.readTree(mvc.perform(submit(HELLO).header("Idempotency-Key", "b-1"))
                .andExpect(status().isAccepted()).andReturn().getResponse().getContentAsString()).get("id").asText();
        assertThat(single).isNotIn(first);
        assertThat(queue.published).hasSize(4);
    }

    /** The whole batch answered 503 by a stalled broker that took its records late: the retry sends those ids again. */
    @Test
    void aBatchRetriedWithItsKeyAfterA503FromAStalledBrokerSendsTheSameIdsAgain() throws Exception {
        queue.stalled = true;
        batch("b-stall", HELLO, HELLO).andExpect(status().isOk())
                .andExpect(jsonPath("$.results[0].error.status").value(503))
                .andExpect(jsonPath("$.results[1].error.status").value(503));
        List<String> late = queue.takenLate.stream().map(Submission::id).toList();
        assertThat(late).hasSize(2).doesNotHaveDuplicates();
        queue.stalled = false;

        assertThat(ids(batch("b-stall", HELLO, HELLO).andExpect(status().isOk()))).isEqualTo(late);
        assertThat(queue.published).extracting(Submission::id).isEqualTo(late);
    }

    @Test
    void aBatchWithAMalformedIdempotencyKeyIs400AndNothingIsPublished() throws Exception {
        batch(" ", HELLO).andExpect(problem(400, "Idempotency-Key"));
        batch("k".repeat(201), HELLO).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("Idempotency-Key"));
        assertThat(queue.published).isEmpty();
    }

    @Test
    void batchOverTheMaximumIs422AndEmptyIs400() throws Exception {
        String four = "{\"submissions\":[" + String.join(",", List.of(HELLO, HELLO, HELLO, HELLO)) + "]}";
        mvc.perform(post("/api/v1/submissions/batch").header("X-Api-Key", "test-key")
                        .contentType(MediaType.APPLICATION_JSON).content(four))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.field").value("submissions"));
        mvc.perform(post("/api/v1/submissions/batch").header("X-Api-Key", "test-key")
                        .contentType(MediaType.APPLICATION_JSON).content("{\"submissions\":[]}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("submissions"));
        assertThat(queue.published).isEmpty();
    }

    @Test
    void languagesAreListed() throws Exception {
        String body = mvc.perform(get("/api/v1/languages").header("X-Api-Key", "test-key"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        JsonNode languages = JSON.readTree(body);
        assertThat(languages.size()).isEqualTo(8);
        assertThat(languages.get(1).get("id").asText()).isEqualTo("cpp");
    }
}

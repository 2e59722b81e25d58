package dev.codeexec.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codeexec.schemas.json.Json;
import dev.codeexec.schemas.json.SchemaDocument;
import dev.codeexec.schemas.json.SchemaValidator;
import dev.codeexec.schemas.kafka.InvalidRecordException;
import dev.codeexec.schemas.kafka.InvalidRecordException.Reason;
import dev.codeexec.schemas.kafka.RecordCodec;
import dev.codeexec.schemas.v1.CompileOutcome;
import dev.codeexec.schemas.v1.ExecutionResult;
import dev.codeexec.schemas.v1.Limits;
import dev.codeexec.schemas.v1.Output;
import dev.codeexec.schemas.v1.RunOutcome;
import dev.codeexec.schemas.v1.SourceFile;
import dev.codeexec.schemas.v1.StatsWindow;
import dev.codeexec.schemas.v1.StatusEvent;
import dev.codeexec.schemas.v1.Submission;
import dev.codeexec.schemas.v1.TestCase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The v1 contracts: examples validate, what Java writes validates, round trips are lossless. */
class ContractTest {

    static Stream<Arguments> examples() {
        return Stream.of(
                Arguments.of("submission-minimal.json", RecordCodec.SUBMISSION, SchemaDocument.SUBMISSION),
                Arguments.of("submission-full.json", RecordCodec.SUBMISSION, SchemaDocument.SUBMISSION),
                Arguments.of("result-accepted.json", RecordCodec.RESULT, SchemaDocument.RESULT),
                Arguments.of("result-runtime-error.json", RecordCodec.RESULT, SchemaDocument.RESULT),
                Arguments.of("result-rejected.json", RecordCodec.RESULT, SchemaDocument.RESULT),
                Arguments.of("status-running.json", RecordCodec.STATUS, SchemaDocument.STATUS),
                Arguments.of("status-progress.json", RecordCodec.STATUS, SchemaDocument.STATUS),
                Arguments.of("stats-window.json", RecordCodec.STATS, SchemaDocument.STATS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    <T> void everyExampleValidatesAndSurvivesARoundTrip(String file, RecordCodec<T> codec, SchemaDocument schema)
            throws IOException {
        byte[] bytes = example(file);
        assertThat(SchemaValidator.instance().validate(schema, Json.mapper().readTree(bytes))).isEmpty();

        T decoded = codec.decode(bytes);
        T again = codec.decode(codec.encode(decoded));

        assertThat(again).isEqualTo(decoded);
        assertThat(Json.mapper().readTree(codec.encode(decoded))).isEqualTo(Json.mapper().readTree(bytes));
    }

    static Stream<Arguments> javaWritten() {
        Instant now = Instant.parse("2026-11-26T10:00:00.123Z");
        Output binary = Output.of(new byte[] {0, (byte) 0xff, 'a', '\n'}, true);
        RunOutcome run = new RunOutcome(0, Verdict.RUNTIME_ERROR, "killed by signal SIGSEGV", null, "SIGSEGV",
                null, 3, 5, 1024, binary, Output.of("err".getBytes(StandardCharsets.UTF_8), false));
        RunOutcome tle = new RunOutcome(1, Verdict.TIME_LIMIT_EXCEEDED, null, null, "SIGKILL",
                TimeLimitKind.WALL, 10, 2000, 900, Output.empty(), Output.empty());
        return Stream.of(
                Arguments.of(RecordCodec.SUBMISSION, Submission.of("abc-1", "cpp", "int main(){}", "in")),
                Arguments.of(RecordCodec.SUBMISSION, new Submission(1, "abc-2", "t1", "java", null,
                        List.of(SourceFile.utf8("Main.java", "class Main{}"), new SourceFile("data/x.bin", "AAE=", "base64")),
                        "Main.java", null, List.of("a;b", "$(x)"), List.of("-Xlint", "-Dx=`y`\nz"), List.of(new TestCase("1", "1"), new TestCase(null, "")),
                        null, CompareMode.EXACT, new Limits(1000L, 3000L, 128L, 16L, 64L, 1024L),
                        Map.of("k", "v"), "https://example.com/h", now)),
                Arguments.of(RecordCodec.RESULT, new ExecutionResult(1, "abc-1", "default", "c", Verdict.RUNTIME_ERROR,
                        "killed by signal SIGSEGV",
                        new CompileOutcome(false, 0, null, 400, 450, 50_000, Output.empty()),
                        List.of(run, tle), Map.of("k", "v"), null, "exec-1", now, now)),
                Arguments.of(RecordCodec.STATUS, new StatusEvent(1, "abc-1", "default", SubmissionStatus.RUNNING, now,
                        "exec-1", Map.of())),
                Arguments.of(RecordCodec.STATUS, new StatusEvent(1, "abc-1", "default", SubmissionStatus.RUNNING, now,
                        "exec-1", Map.of(), 1, 3)),
                Arguments.of(RecordCodec.STATS, new StatsWindow(1, "python", Verdict.ACCEPTED, "1h", now, now, 3, 1, 2, 3)));
    }

    @ParameterizedTest
    @MethodSource("javaWritten")
    <T> void everyRecordJavaWritesValidatesAndRoundTrips(RecordCodec<T> codec, T value) {
        assertThat(codec.check(value)).isEmpty();
        assertThat(codec.decode(codec.encode(value))).isEqualTo(value);
    }

    @Test
    void aTestCaseWithoutItsCountIsNotAStatusEvent() throws IOException {
        String halfProgress = "{\"schemaVersion\":1,\"submissionId\":\"a\",\"status\":\"RUNNING\","
                + "\"at\":\"2026-11-26T10:00:00Z\",\"testCase\":1}";
        assertThat(SchemaValidator.instance().validate(SchemaDocument.STATUS, Json.mapper().readTree(halfProgress)))
                .isNotEmpty();
    }

    @Test
    void timestampsAreIsoStrings() {
        byte[] json = RecordCodec.STATUS.encode(new StatusEvent(1, "a", null, SubmissionStatus.QUEUED,
                Instant.parse("2026-11-26T10:00:00Z"), null, null));
        assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"at\":\"2026-11-26T10:00:00Z\"");
    }

    @Test
    void binaryOutputSurvivesExactly() {
        byte[] bytes = {0, 1, (byte) 0xc3, (byte) 0x28, (byte) 0xff, '\n'};
        Output out = Output.of(bytes, false);
        assertThat(out.encoding()).isEqualTo(Output.BASE64);
        assertThat(out.bytes()).containsExactly(bytes);

        Output text = Output.of("héllo\nworld".getBytes(StandardCharsets.UTF_8), false);
        assertThat(text.encoding()).isEqualTo(Output.UTF8);
        assertThat(text.data()).isEqualTo("héllo\nworld");

        Output nul = Output.of("héllo\0world".getBytes(StandardCharsets.UTF_8), false);
        assertThat(nul.encoding()).as("jsonb refuses \\u0000").isEqualTo(Output.BASE64);
        assertThat(nul.bytes()).isEqualTo("héllo\0world".getBytes(StandardCharsets.UTF_8));
    }

    static Stream<Arguments> badSubmissions() {
        return Stream.of(
                Arguments.of("not json", "{oops", Reason.NOT_JSON, ""),
                Arguments.of("array", "[1,2]", Reason.NOT_JSON, ""),
                Arguments.of("no version", "{\"id\":\"a\",\"language\":\"c\",\"source\":\"\"}", Reason.UNKNOWN_VERSION, "schemaVersion"),
                Arguments.of("version 2", "{\"schemaVersion\":2,\"id\":\"a\",\"language\":\"c\",\"source\":\"\"}", Reason.UNKNOWN_VERSION, "schemaVersion"),
                Arguments.of("no language", "{\"schemaVersion\":1,\"id\":\"a\",\"source\":\"x\"}", Reason.SCHEMA_INVALID, "language"),
                Arguments.of("no source", "{\"schemaVersion\":1,\"id\":\"a\",\"language\":\"c\"}", Reason.SCHEMA_INVALID, "source"),
                Arguments.of("negative limit", "{\"schemaVersion\":1,\"id\":\"a\",\"language\":\"c\",\"source\":\"x\",\"limits\":{\"cpuTimeMs\":-1}}", Reason.SCHEMA_INVALID, "limits.cpuTimeMs"),
                Arguments.of("unknown field", "{\"schemaVersion\":1,\"id\":\"a\",\"language\":\"c\",\"source\":\"x\",\"shell\":true}", Reason.SCHEMA_INVALID, ""),
                Arguments.of("path traversal", "{\"schemaVersion\":1,\"id\":\"a\",\"language\":\"c\",\"entrypoint\":\"../x.c\",\"files\":[{\"name\":\"../x.c\",\"content\":\"\"}]}", Reason.SCHEMA_INVALID, "files[0].name"),
                Arguments.of("absolute path", "{\"schemaVersion\":1,\"id\":\"a\",\"language\":\"c\",\"entrypoint\":\"/etc/x\",\"files\":[{\"name\":\"/etc/x\",\"content\":\"\"}]}", Reason.SCHEMA_INVALID, "files[0].name"),
                Arguments.of("33 compiler options", "{\"schemaVersion\":1,\"id\":\"a\",\"language\":\"c\",\"source\":\"x\",\"compilerOptions\":[" + "\"-O0\",".repeat(32) + "\"-O0\"]}", Reason.SCHEMA_INVALID, "compilerOptions"),
                Arguments.of("long compiler option", "{\"schemaVersion\":1,\"id\":\"a\",\"language\":\"c\",\"source\":\"x\",\"compilerOptions\":[\"-D" + "x".repeat(255) + "\"]}", Reason.SCHEMA_INVALID, "compilerOptions[0]"),
                Arguments.of("NUL in a compiler option", "{\"schemaVersion\":1,\"id\":\"a\",\"language\":\"c\",\"source\":\"x\",\"compilerOptions\":[\"-O2\",\"-Dx\\u0000y\"]}", Reason.SCHEMA_INVALID, "compilerOptions[1]"),
                Arguments.of("compiler option not a string", "{\"schemaVersion\":1,\"id\":\"a\",\"language\":\"c\",\"source\":\"x\",\"compilerOptions\":[2]}", Reason.SCHEMA_INVALID, "compilerOptions[0]"),
                Arguments.of("bad id", "{\"schemaVersion\":1,\"id\":\"../a\",\"language\":\"c\",\"source\":\"x\"}", Reason.SCHEMA_INVALID, "id"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSubmissions")
    void badSubmissionsAreRefusedWithTheReasonAndField(String name, String json, Reason reason, String field) {
        assertThatThrownBy(() -> RecordCodec.SUBMISSION.decode(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(InvalidRecordException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    if (!field.isEmpty()) {
                        assertThat(e.errors()).anySatisfy(err -> assertThat(err.field()).isEqualTo(field));
                    }
                });
    }

    @Test
    void compilerOptionsForALanguageWithoutACompileStepAreLeftToTheExecutor() {
        byte[] json = "{\"schemaVersion\":1,\"id\":\"a\",\"language\":\"python\",\"source\":\"x\",\"compilerOptions\":[\"-O\"]}"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(RecordCodec.SUBMISSION.decode(json).compilerOptionsOrEmpty()).containsExactly("-O");
        assertThat(Submission.of("b", "python", "x", null).compilerOptionsOrEmpty()).isEmpty();
    }

    @Test
    void nullValueIsItsOwnReason() {
        assertThatThrownBy(() -> RecordCodec.SUBMISSION.decode((byte[]) null))
                .isInstanceOfSatisfying(InvalidRecordException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NULL_VALUE));
    }

    @Test
    void writersRefuseInvalidRecords() {
        Submission noLanguage = Submission.of("a", null, "x", null);
        assertThatThrownBy(() -> RecordCodec.SUBMISSION.encode(noLanguage)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("language");
    }

    private static byte[] example(String file) throws IOException {
        try (InputStream in = ContractTest.class.getResourceAsStream("/schemas/v1/examples/" + file)) {
            assertThat(in).as(file).isNotNull();
            return in.readAllBytes();
        }
    }
}

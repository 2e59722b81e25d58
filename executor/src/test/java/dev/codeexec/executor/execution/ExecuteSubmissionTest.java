package dev.codeexec.executor.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codeexec.executor.sandbox.BoxFile;
import dev.codeexec.executor.sandbox.SandboxUnavailableException;
import dev.codeexec.executor.sandbox.Step;
import dev.codeexec.executor.sandbox.Termination;
import dev.codeexec.executor.testing.FakeSandbox;
import dev.codeexec.executor.testing.FakeSandbox.FakeBox;
import dev.codeexec.schemas.CompareMode;
import dev.codeexec.schemas.Verdict;
import dev.codeexec.schemas.kafka.RecordCodec;
import dev.codeexec.schemas.languages.LanguageCatalogue;
import dev.codeexec.schemas.v1.ExecutionResult;
import dev.codeexec.schemas.v1.Limits;
import dev.codeexec.schemas.v1.SourceFile;
import dev.codeexec.schemas.v1.Submission;
import dev.codeexec.schemas.v1.TestCase;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ExecuteSubmissionTest {

    static final RunLimits DEFAULTS = new RunLimits(2000, 5000, 256, 64, 64, 1024);
    static final RunLimits MAXIMA = new RunLimits(10000, 15000, 1024, 256, 1024, 65536);
    static final RunLimits COMPILE = new RunLimits(10000, 20000, 768, 32, 512, 131072);
    static final ExecutionPolicy POLICY = new ExecutionPolicy("exec-1", DEFAULTS, MAXIMA, COMPILE, 3, 64, 100);

    final FakeSandbox sandbox = new FakeSandbox();
    final MapCache cache = new MapCache();
    final ExecuteSubmission useCase = new ExecuteSubmission(sandbox, LanguageCatalogue.builtIn(), cache, POLICY,
            Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));

    @AfterEach
    void everyBoxIsClosed() {
        assertThat(sandbox.boxes()).allSatisfy(box -> assertThat(box.closed).isTrue());
    }

    ExecutionResult execute(Submission submission) {
        ExecutionResult result = useCase.execute(submission);
        assertThat(RecordCodec.RESULT.check(result)).as("result satisfies its schema").isEmpty();
        return result;
    }

    @Test
    void pythonHelloIsAcceptedWithItsStdoutAndTheDefaultLimits() {
        ExecutionResult result = execute(Submission.of("s1", "python", "print('hello', input())", "world"));

        assertThat(result.verdict()).isEqualTo(Verdict.ACCEPTED);
        assertThat(result.compile()).isNull();
        assertThat(result.runs()).singleElement().satisfies(run -> {
            assertThat(run.stdout().data()).isEqualTo("hello world\n");
            assertThat(run.exitCode()).isZero();
            assertThat(run.cpuTimeMs()).isEqualTo(12);
            assertThat(run.wallTimeMs()).isEqualTo(34);
            assertThat(run.memoryKb()).isEqualTo(5678);
        });
        assertThat(result.executorId()).isEqualTo("exec-1");
        FakeBox box = sandbox.boxes().get(0);
        assertThat(sandbox.boxes()).hasSize(1);
        assertThat(box.spec.image()).isEqualTo("codeexec-runner-python:2");
        assertThat(box.spec.memoryMb()).isEqualTo(256);
        assertThat(box.spec.processes()).isEqualTo(64);
        assertThat(box.files).containsKey("main.py");
        Step step = box.steps.get(0);
        assertThat(step.argv()).containsExactly("python3", "-B", "main.py");
        assertThat(new String(step.stdin(), StandardCharsets.UTF_8)).isEqualTo("world");
        assertThat(step.cpuTimeMs()).isEqualTo(2000);
        assertThat(step.wallTimeMs()).isEqualTo(5000);
        assertThat(step.outputBytes()).isEqualTo(64 * 1024);
        assertThat(step.fileSizeBytes()).isEqualTo(1024 * 1024);
    }

    @Test
    void requestedLimitsWithinTheMaximaAreUsed() {
        ExecutionResult result = execute(withLimits(new Limits(10000L, 15000L, 512L, 8L, 1024L, 10L)));

        assertThat(result.verdict()).isEqualTo(Verdict.ACCEPTED);
        FakeBox box = sandbox.boxes().get(0);
        assertThat(box.spec.memoryMb()).isEqualTo(512);
        assertThat(box.spec.processes()).isEqualTo(8);
        assertThat(box.steps.get(0).cpuTimeMs()).isEqualTo(10000);
        assertThat(box.steps.get(0).wallTimeMs()).isEqualTo(15000);
        assertThat(box.steps.get(0).fileSizeBytes()).isEqualTo(10 * 1024);
    }

    @Test
    void aLimitOverItsMaximumIsRejectedNotClamped() {
        ExecutionResult result = execute(withLimits(new Limits(99999L, null, null, null, null, null)));

        assertThat(result.verdict()).isEqualTo(Verdict.REJECTED);
        assertThat(result.verdictDetail()).isEqualTo("limits.cpuTimeMs: 99999 is over the maximum 10000");
        assertThat(result.runs()).isEmpty();
        assertThat(sandbox.boxes()).isEmpty();
    }

    @Test
    void everyLimitFieldIsChecked() {
        assertThat(execute(withLimits(new Limits(null, null, 2048L, null, null, null))).verdictDetail())
                .isEqualTo("limits.memoryMb: 2048 is over the maximum 1024");
        assertThat(execute(withLimits(new Limits(null, 15001L, null, null, null, null))).verdictDetail())
                .isEqualTo("limits.wallTimeMs: 15001 is over the maximum 15000");
        assertThat(execute(withLimits(new Limits(null, null, null, 257L, null, null))).verdictDetail())
                .isEqualTo("limits.processes: 257 is over the maximum 256");
        assertThat(execute(withLimits(new Limits(null, null, null, null, 1025L, null))).verdictDetail())
                .isEqualTo("limits.outputKb: 1025 is over the maximum 1024");
        assertThat(execute(withLimits(new Limits(null, null, null, null, null, 65537L))).verdictDetail())
                .isEqualTo("limits.fileSizeKb: 65537 is over the maximum 65536");
        assertThat(sandbox.boxes()).isEmpty();
    }

    @Test
    void anUnknownLanguageIsRejected() {
        ExecutionResult result = execute(Submission.of("s1", "cobol", "DISPLAY 'HI'.", null));

        assertThat(result.verdict()).isEqualTo(Verdict.REJECTED);
        assertThat(result.verdictDetail()).isEqualTo("language: unknown language 'cobol'");
        assertThat(sandbox.boxes()).isEmpty();
    }

    @Test
    void tooManyTestCasesAreRejected() {
        List<TestCase> cases = List.of(new TestCase("1", "1"), new TestCase("2", "2"), new TestCase("3", "3"),
                new TestCase("4", "4"));
        ExecutionResult result = execute(withTestCases("python", cases, null));

        assertThat(result.verdict()).isEqualTo(Verdict.REJECTED);
        assertThat(result.verdictDetail()).isEqualTo("testCases: 4 test cases are over the maximum 3");
        assertThat(sandbox.boxes()).isEmpty();
    }

    @Test
    void cppIsCompiledInItsOwnBoxUnderTheCompileLimitsThenRunWithTheArtifacts() {
        ExecutionResult result = execute(Submission.of("s1", "cpp", "int main(){}", "world"));

        assertThat(result.verdict()).isEqualTo(Verdict.ACCEPTED);
        assertThat(result.compile().cached()).isFalse();
        assertThat(result.compile().exitCode()).isZero();
        assertThat(sandbox.boxes()).hasSize(2);
        FakeBox compileBox = sandbox.boxes().get(0);
        assertThat(compileBox.spec.memoryMb()).isEqualTo(768);
        assertThat(compileBox.spec.processes()).isEqualTo(32);
        Step compile = compileBox.steps.get(0);
        assertThat(compile.argv()).containsExactly("g++", "-std=c++17", "-O2", "-pipe", "-o", "build/main", "main.cpp");
        assertThat(compile.cpuTimeMs()).isEqualTo(10000);
        assertThat(compile.wallTimeMs()).isEqualTo(20000);
        assertThat(compile.outputBytes()).isEqualTo(512 * 1024);
        assertThat(compile.collectDir()).contains("build");
        FakeBox runBox = sandbox.boxes().get(1);
        assertThat(runBox.spec.memoryMb()).isEqualTo(256);
        assertThat(runBox.files).containsKeys("main.cpp", "build/main");
        assertThat(runBox.files.get("build/main").executable()).isTrue();
        assertThat(runBox.steps.get(0).argv()).containsExactly("build/main");
        assertThat(result.runs().get(0).stdout().data()).isEqualTo("hello world\n");
    }

    @Test
    void aRepeatedCompiledProgramComesFromTheCompileCache() {
        execute(Submission.of("s1", "cpp", "int main(){}", "a"));
        ExecutionResult second = execute(Submission.of("s2", "cpp", "int main(){}", "b"));

        assertThat(second.verdict()).isEqualTo(Verdict.ACCEPTED);
        assertThat(second.compile().cached()).isTrue();
        assertThat(sandbox.boxes()).hasSize(3);
        FakeBox runBox = sandbox.boxes().get(2);
        assertThat(runBox.steps).singleElement().satisfies(s -> assertThat(s.collectDir()).isEmpty());
        assertThat(runBox.files).containsKey("build/main");
        assertThat(second.runs().get(0).stdout().data()).isEqualTo("hello b\n");

        execute(Submission.of("s3", "cpp", "int main(){ }", "c"));
        assertThat(sandbox.boxes()).as("a different source compiles again").hasSize(5);
    }

    @Test
    void compilerOptionsReachTheCompileArgvLiterallyAfterTheTemplate() {
        List<String> options = List.of("-O0", "-DGREETING=\"a;b $(x) `y`\"", "two\nlines", "{sources}");

        ExecutionResult result = execute(withCompilerOptions("cpp", options));

        assertThat(result.verdict()).isEqualTo(Verdict.ACCEPTED);
        assertThat(sandbox.boxes().get(0).steps.get(0).argv()).containsExactly("g++", "-std=c++17", "-O2", "-pipe",
                "-o", "build/main", "main.cpp", "-O0", "-DGREETING=\"a;b $(x) `y`\"", "two\nlines", "{sources}");
        assertThat(sandbox.boxes().get(1).steps.get(0).argv()).as("the run argv holds no compiler option")
                .containsExactly("build/main");
    }

    @Test
    void differentCompilerOptionsAreDifferentCompileCacheEntries() {
        execute(withCompilerOptions("cpp", List.of("-O0")));
        assertThat(execute(withCompilerOptions("cpp", List.of("-O0"))).compile().cached()).isTrue();
        assertThat(execute(withCompilerOptions("cpp", List.of("-O3"))).compile().cached()).isFalse();
        assertThat(execute(withCompilerOptions("cpp", List.of("-O0", "-g"))).compile().cached()).isFalse();
        assertThat(execute(withCompilerOptions("cpp", null)).compile().cached()).isFalse();
        assertThat(cache.entries).hasSize(4);

        var cpp = LanguageCatalogue.builtIn().find("cpp").orElseThrow();
        List<BoxFile> files = List.of(new BoxFile("main.cpp", "x".getBytes(StandardCharsets.UTF_8), false));
        List<String> names = List.of("main.cpp");
        assertThat(CompileKey.of(cpp, cpp.compileArgv("main.cpp", names, List.of("-DA=1", "-DB")), files))
                .as("the same text split into other options is another key")
                .isNotEqualTo(CompileKey.of(cpp, cpp.compileArgv("main.cpp", names, List.of("-DA=1 -DB")), files));
    }

    @Test
    void compilerOptionsForALanguageWithoutACompileStepAreRejected() {
        ExecutionResult result = execute(withCompilerOptions("python", List.of("-O")));

        assertThat(result.verdict()).isEqualTo(Verdict.REJECTED);
        assertThat(result.verdictDetail())
                .isEqualTo("compilerOptions: python has no compile step, so it takes no compiler options");
        assertThat(sandbox.boxes()).isEmpty();
        assertThat(execute(withCompilerOptions("python", List.of())).verdict()).as("an empty list is no option")
                .isEqualTo(Verdict.ACCEPTED);
    }

    @Test
    void aNulInAnArgvEntryIsRejectedEvenIfTheCodecWasBypassed() {
        ExecutionResult option = useCase.execute(withCompilerOptions("cpp", List.of("-O2", "-Da\0b")));
        assertThat(option.verdict()).isEqualTo(Verdict.REJECTED);
        assertThat(option.verdictDetail()).isEqualTo("compilerOptions[1]: must be a string without NUL characters");

        ExecutionResult arg = useCase.execute(new Submission(1, "s1", null, "python", "x", null, null, null,
                List.of("a\0b"), null, null, null, null, null, null, null, null));
        assertThat(arg.verdict()).isEqualTo(Verdict.REJECTED);
        assertThat(arg.verdictDetail()).startsWith("args[0]:");
        assertThat(sandbox.boxes()).isEmpty();
    }

    @Test
    void aCompilerErrorIsACompilationErrorWithTheCompilerOutput() {
        sandbox.behave((step, files) -> FakeSandbox.exited(1, "", "main.cpp:1:1: error: 'x' does not name a type\n"));

        ExecutionResult result = execute(Submission.of("s1", "cpp", "x", null));

        assertThat(result.verdict()).isEqualTo(Verdict.COMPILATION_ERROR);
        assertThat(result.verdictDetail()).startsWith("compiler exited with code 1:").contains("does not name a type");
        assertThat(result.compile().output().data()).contains("does not name a type");
        assertThat(result.compile().exitCode()).isEqualTo(1);
        assertThat(result.runs()).isEmpty();
        assertThat(sandbox.boxes()).as("no run box").hasSize(1);
        assertThat(cache.entries).isEmpty();
    }

    @Test
    void aCompileLimitIsACompilationErrorSayingWhichLimit() {
        sandbox.behave((step, files) -> FakeSandbox.stopped(Termination.CPU_LIMIT));
        assertThat(execute(Submission.of("s1", "cpp", "template bomb", null)).verdictDetail())
                .isEqualTo("compilation passed its CPU time limit of 10000 ms");

        sandbox.behave((step, files) -> FakeSandbox.stopped(Termination.WALL_LIMIT));
        ExecutionResult wall = execute(Submission.of("s2", "cpp", "#include </dev/random>", null));
        assertThat(wall.verdict()).isEqualTo(Verdict.COMPILATION_ERROR);
        assertThat(wall.verdictDetail()).isEqualTo("compilation passed its wall time limit of 20000 ms");

        sandbox.behave((step, files) -> FakeSandbox.stopped(Termination.MEMORY_LIMIT));
        assertThat(execute(Submission.of("s3", "cpp", "big", null)).verdictDetail())
                .isEqualTo("compilation passed its memory limit of 768 MB");
    }

    @Test
    void eachTestCaseGetsItsOwnVerdictAndTheFirstFailureIsTheOverallVerdict() {
        sandbox.behave((step, files) -> {
            String in = new String(step.stdin(), StandardCharsets.UTF_8);
            return switch (in) {
                case "crash" -> FakeSandbox.stopped(Termination.SIGNALLED);
                case "slow" -> FakeSandbox.stopped(Termination.CPU_LIMIT);
                default -> FakeSandbox.exited(0, in.toUpperCase() + "  \n\n", "");
            };
        });
        List<TestCase> cases = List.of(new TestCase("ok", "OK"), new TestCase("slow", "x"), new TestCase("crash", "y"));

        ExecutionResult result = execute(withTestCases("python", cases, null));

        assertThat(result.verdict()).isEqualTo(Verdict.TIME_LIMIT_EXCEEDED);
        assertThat(result.verdictDetail()).isEqualTo("test case 1: CPU time limit of 2000 ms exceeded");
        assertThat(result.runs()).extracting(r -> r.verdict())
                .containsExactly(Verdict.ACCEPTED, Verdict.TIME_LIMIT_EXCEEDED, Verdict.RUNTIME_ERROR);
        assertThat(result.runs()).extracting(r -> r.testCase()).containsExactly(0, 1, 2);
        assertThat(result.runs().get(2).signal()).isEqualTo("SIGSEGV");
        assertThat(sandbox.boxes()).as("one run box for all cases").hasSize(1);
        assertThat(sandbox.boxes().get(0).steps).hasSize(3);
    }

    @Test
    void theCompareModeDecidesBetweenAcceptedAndWrongAnswer() {
        sandbox.behave((step, files) -> FakeSandbox.exited(0, "42  \n\n", ""));

        assertThat(execute(withTestCases("python", List.of(new TestCase("", "42")), null)).verdict())
                .isEqualTo(Verdict.ACCEPTED);
        ExecutionResult exact = execute(withTestCases("python", List.of(new TestCase("", "42")), CompareMode.EXACT));
        assertThat(exact.verdict()).isEqualTo(Verdict.WRONG_ANSWER);
        assertThat(exact.verdictDetail()).isEqualTo("output differs from the expected output (compare mode exact)");
    }

    @Test
    void multiFileProgramsKeepTheirNamesAndRunTheEntrypoint() {
        Submission submission = new Submission(1, "s1", null, "python", null,
                List.of(SourceFile.utf8("app/main.py", "import util"), SourceFile.utf8("app/util.py", "x = 1")),
                "app/main.py", "in", List.of("--flag", "$(rm -rf /)"), null, null, null, null, null, null, null, null);

        ExecutionResult result = execute(submission);

        assertThat(result.verdict()).isEqualTo(Verdict.ACCEPTED);
        FakeBox box = sandbox.boxes().get(0);
        assertThat(box.files).containsOnlyKeys("app/main.py", "app/util.py");
        assertThat(box.steps.get(0).argv()).containsExactly("python3", "-B", "app/main.py", "--flag", "$(rm -rf /)");
    }

    @Test
    void unsafeFileNamesAreRejectedEvenIfTheCodecWasBypassed() {
        for (String name : List.of("../etc/passwd", "/abs.py", "a/../../b.py", "")) {
            Submission submission = new Submission(1, "s1", null, "python", null,
                    List.of(SourceFile.utf8(name, "x")), name, null, null, null, null, null, null, null, null, null, null);
            ExecutionResult result = useCase.execute(submission);
            assertThat(result.verdict()).as(name).isEqualTo(Verdict.REJECTED);
            assertThat(result.verdictDetail()).as(name).startsWith("files[0].name:");
        }
        assertThat(sandbox.boxes()).isEmpty();
    }

    @Test
    void theOutputsOfOneResultStayWithinTheBudgetAndAreFlaggedWhenCut() {
        sandbox.behave((step, files) -> FakeSandbox.exited(0, "é".repeat(30), "warning\n"));
        List<TestCase> cases = List.of(new TestCase("1", null), new TestCase("2", null), new TestCase("3", null));

        ExecutionResult result = execute(withTestCases("python", cases, null));

        assertThat(result.verdict()).as("judging saw everything").isEqualTo(Verdict.ACCEPTED);
        var first = result.runs().get(0);
        assertThat(first.stdout().data()).isEqualTo("é".repeat(30));
        assertThat(first.stdout().truncated()).isFalse();
        var second = result.runs().get(1);
        assertThat(second.stdout().truncated()).isTrue();
        assertThat(second.stdout().encoding()).as("never cut inside a character").isEqualTo("utf8");
        assertThat(second.stdout().data()).as("100 - 60 - 9 (\"warning\\n\" escaped)").isEqualTo("é".repeat(15));
        long reported = result.runs().stream()
                .mapToLong(r -> r.stdout().encodedBytes() + r.stderr().encodedBytes()).sum();
        assertThat(reported).isLessThanOrEqualTo(100);
        assertThat(result.runs().get(2).stdout().truncated()).isTrue();
        assertThat(result.runs().get(2).stdout().data()).isEmpty();
    }

    @Test
    void filesTheBoxRefusesAreRejected() {
        sandbox.maxFileBytes.set(4);

        ExecutionResult result = execute(Submission.of("s1", "python", "print('too big')", null));

        assertThat(result.verdict()).isEqualTo(Verdict.REJECTED);
        assertThat(result.verdictDetail()).isEqualTo("files: files refused by the box: main.py: No space left on device");
    }

    @Test
    void aSandboxThatCannotServeIsThrownNeverAVerdict() {
        sandbox.down.set(true);

        assertThatThrownBy(() -> useCase.execute(Submission.of("s1", "python", "print(1)", null)))
                .isInstanceOf(SandboxUnavailableException.class);
    }

    @Test
    void theBoxIsClosedWhenTheSandboxFailsMidRun() {
        sandbox.behave((step, files) -> {
            throw new SandboxUnavailableException("docker went away");
        });

        assertThatThrownBy(() -> useCase.execute(Submission.of("s1", "python", "print(1)", null)))
                .isInstanceOf(SandboxUnavailableException.class);
        assertThat(sandbox.boxes()).singleElement().satisfies(box -> assertThat(box.closed).isTrue());
    }

    @Test
    void anUnexpectedFailureIsAnInternalError() {
        sandbox.behave((step, files) -> {
            throw new IllegalStateException("bug");
        });

        ExecutionResult result = execute(Submission.of("s1", "python", "print(1)", null));

        assertThat(result.verdict()).isEqualTo(Verdict.INTERNAL_ERROR);
        assertThat(result.verdictDetail()).isEqualTo("internal error: IllegalStateException");
    }

    @Test
    void textNoDatabaseCanHoldIsRejectedNamingTheFieldAndLeftOutOfTheResult() {
        Submission submission = new Submission(1, "s1", "tenant\ud800", "python", "print(1)", null, null, null, null,
                null, null, null, null, null, Map.of("k", "a\0b"), "https://example.com/\0", null);

        ExecutionResult result = useCase.execute(submission);

        assertThat(result.verdict()).isEqualTo(Verdict.REJECTED);
        assertThat(result.verdictDetail()).isEqualTo("tenant: holds an unpaired UTF-16 surrogate (U+D800), which codeexec cannot store");
        assertThat(result.metadata()).isNull();
        assertThat(result.callbackUrl()).isNull();
        assertThat(result.tenant()).isEqualTo("tenant\uFFFD");
        assertThat(sandbox.boxes()).isEmpty();
    }

    @Test
    void aNulTheCompilerQuotesNeverReachesTheStoredDetail() {
        sandbox.behave((step, files) -> FakeSandbox.exited(1, "", "main.cpp:1: error: stray '\0' in program"));

        ExecutionResult result = execute(Submission.of("s1", "cpp", "int main(){}\0", null));

        assertThat(result.verdict()).isEqualTo(Verdict.COMPILATION_ERROR);
        assertThat(result.verdictDetail()).contains("stray '\uFFFD'").doesNotContain("\0");
        assertThat(result.compile().output().encoding()).isEqualTo("base64");
    }

    @Test
    void binaryOutputSurvivesAsBase64() {
        byte[] bytes = {0, (byte) 0xff, 'a', (byte) 0xc3};
        sandbox.behave((step, files) -> new dev.codeexec.executor.sandbox.StepOutcome(Termination.EXITED, Optional.of(0),
                Optional.empty(), 1, 1, 1, bytes, new byte[0], false, List.of()));

        ExecutionResult result = execute(Submission.of("s1", "python", "x", null));

        assertThat(result.runs().get(0).stdout().encoding()).isEqualTo("base64");
        assertThat(result.runs().get(0).stdout().bytes()).isEqualTo(bytes);
    }

    static Submission withLimits(Limits limits) {
        return new Submission(1, "s1", null, "python", "print(1)", null, null, null, null, null, null, null, null,
                limits, null, null, null);
    }

    static Submission withCompilerOptions(String language, List<String> options) {
        return new Submission(1, "s1", null, language, "int main(){}", null, null, "in", null, options, null, null,
                null, null, null, null, null);
    }

    static Submission withTestCases(String language, List<TestCase> cases, CompareMode mode) {
        return new Submission(1, "s1", null, language, "x", null, null, null, null, null, cases, null, mode,
                null, Map.of("team", "blue"), null, null);
    }

    /** A compile cache in a map. */
    static final class MapCache implements CompileCachePort {
        final Map<CompileKey, List<BoxFile>> entries = new HashMap<>();

        @Override
        public Optional<List<BoxFile>> find(CompileKey key) {
            return Optional.ofNullable(entries.get(key)).map(ArrayList::new);
        }

        @Override
        public void store(CompileKey key, List<BoxFile> artifacts) {
            entries.put(key, List.copyOf(artifacts));
        }
    }
}

package dev.codeexec.executor.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeexec.executor.docker.DockerSandbox;
import dev.codeexec.executor.docker.DockerSandboxSettings;
import dev.codeexec.executor.execution.CompileCachePort;
import dev.codeexec.executor.execution.ExecuteSubmission;
import dev.codeexec.executor.execution.ExecutionPolicy;
import dev.codeexec.executor.execution.RunLimits;
import dev.codeexec.schemas.TimeLimitKind;
import dev.codeexec.schemas.Verdict;
import dev.codeexec.schemas.kafka.RecordCodec;
import dev.codeexec.schemas.languages.LanguageCatalogue;
import dev.codeexec.schemas.v1.ExecutionResult;
import dev.codeexec.schemas.v1.Limits;
import dev.codeexec.schemas.v1.Submission;
import dev.codeexec.schemas.v1.TestCase;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The use case on the real Docker sandbox, table-driven: what a user sends, the verdict and the
 * detail they get back. Needs dockerd and the cpp and python runner images.
 */
class VerdictsOnDockerTest {

    static DockerSandbox sandbox;
    static ExecuteSubmission useCase;

    @BeforeAll
    static void sandbox() {
        sandbox = new DockerSandbox(DockerSandboxSettings.defaults()
                .withExecutorId("verdicts-test-" + UUID.randomUUID().toString().substring(0, 8)));
        assertThat(sandbox.available()).as("a Docker engine answers").isTrue();
        assertThat(sandbox.hasImage("codeexec-runner-cpp:2") && sandbox.hasImage("codeexec-runner-python:2"))
                .as("runner images (runners/build.sh)").isTrue();
        ExecutionPolicy policy = new ExecutionPolicy("verdicts-test",
                new RunLimits(2000, 5000, 256, 64, 64, 1024), new RunLimits(10000, 15000, 1024, 256, 1024, 65536),
                new RunLimits(10000, 20000, 1024, 64, 1024, 131072), 50, 64, 512 * 1024);
        useCase = new ExecuteSubmission(sandbox, LanguageCatalogue.builtIn(), CompileCachePort.none(), policy,
                Clock.systemUTC());
    }

    @AfterAll
    static void close() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    record Row(String name, Submission submission, Verdict verdict, Consumer<ExecutionResult> more) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Submission python(String source, String stdin, Limits limits) {
        return new Submission(1, "v-" + UUID.randomUUID(), null, "python", source, null, null, stdin, null, null,
                null, null, null, limits, null, null, null);
    }

    static Submission cpp(String source) {
        return Submission.of("v-" + UUID.randomUUID(), "cpp", source, null);
    }

    static Limits limits(Long cpu, Long wall, Long memory, Long output) {
        return new Limits(cpu, wall, memory, null, output, null);
    }

    static List<Row> rows() {
        return List.of(
                new Row("exit code", python("import sys; sys.exit(3)", null, null), Verdict.RUNTIME_ERROR,
                        r -> assertThat(r.runs().get(0).exitCode()).isEqualTo(3)),
                new Row("segfault", cpp("int main(){ volatile int *p = nullptr; return *p; }"), Verdict.RUNTIME_ERROR,
                        r -> assertThat(r.runs().get(0).signal()).isEqualTo("SIGSEGV")),
                new Row("compile error", cpp("int main(){ return x; }"), Verdict.COMPILATION_ERROR,
                        r -> {
                            assertThat(r.verdictDetail()).startsWith("compiler exited with code 1").contains("was not declared");
                            assertThat(r.compile().output().data()).contains("error");
                            assertThat(r.runs()).isEmpty();
                        }),
                new Row("busy loop", python("while True: pass", null, limits(500L, 5000L, null, null)),
                        Verdict.TIME_LIMIT_EXCEEDED, r -> {
                            assertThat(r.runs().get(0).timeLimit()).isEqualTo(TimeLimitKind.CPU);
                            assertThat(r.verdictDetail()).isEqualTo("CPU time limit of 500 ms exceeded");
                        }),
                new Row("sleep", python("import time; time.sleep(30)", null, limits(null, 1000L, null, null)),
                        Verdict.TIME_LIMIT_EXCEEDED,
                        r -> assertThat(r.runs().get(0).timeLimit()).isEqualTo(TimeLimitKind.WALL)),
                new Row("memory bomb", python("x = bytearray(512 * 1024 * 1024)\nprint(len(x))", null,
                        limits(null, null, 64L, null)), Verdict.MEMORY_LIMIT_EXCEEDED, r -> { }),
                new Row("output flood", python("import sys\nwhile True: sys.stdout.write('x' * 4096)", null,
                        limits(null, null, null, 64L)), Verdict.OUTPUT_LIMIT_EXCEEDED,
                        r -> assertThat(r.runs().get(0).stdout().truncated()).isTrue()),
                new Row("test cases, second is wrong",
                        new Submission(1, "v-" + UUID.randomUUID(), null, "python", "print(int(input()) * 2)", null, null,
                                null, null, null,
                                List.of(new TestCase("1", "2"), new TestCase("2", "5"), new TestCase("3", "6")),
                                null, null, null, null, null, null),
                        Verdict.WRONG_ANSWER, r -> {
                            assertThat(r.runs()).extracting(run -> run.verdict())
                                    .containsExactly(Verdict.ACCEPTED, Verdict.WRONG_ANSWER, Verdict.ACCEPTED);
                            assertThat(r.verdictDetail()).startsWith("test case 1:");
                            assertThat(r.runs().get(1).stdout().data()).isEqualTo("4\n");
                        }),
                new Row("args are passed literally",
                        new Submission(1, "v-" + UUID.randomUUID(), null, "python", "import sys\nprint(repr(sys.argv[1:]))",
                                null, null, null, List.of("a;b", "$(id)", "`id`", "two\nlines", "*"), null, null, null,
                                null, null, null, null, null),
                        Verdict.ACCEPTED, r -> assertThat(r.runs().get(0).stdout().data())
                                .isEqualTo("['a;b', '$(id)', '`id`', 'two\\nlines', '*']\n")),
                new Row("compiler options are passed literally",
                        new Submission(1, "v-" + UUID.randomUUID(), null, "cpp", """
                                #include <cstdio>
                                int main() {
                                    std::puts(GREETING);
                                #ifdef EVIL
                                    std::puts("split at the newline");
                                #endif
                                    std::printf("%d\\n", LINES);
                                }
                                """, null, null, null, null,
                                List.of("-DGREETING=\"a;b $(x) `y` 'q' *\"", "-DLINES=7\n-DEVIL=1", "-O0"),
                                null, null, null, null, null, null, null),
                        Verdict.ACCEPTED, r -> assertThat(r.runs().get(0).stdout().data())
                                .as("no shell ran them; the newline stayed inside one option (gcc ends a -D there)")
                                .isEqualTo("a;b $(x) `y` 'q' *\n7\n")),
                new Row("compiler options for python are refused",
                        new Submission(1, "v-" + UUID.randomUUID(), null, "python", "print(1)", null, null, null, null,
                                List.of("-O"), null, null, null, null, null, null, null),
                        Verdict.REJECTED, r -> assertThat(r.verdictDetail()).startsWith("compilerOptions:")),
                new Row("binary output", python("import sys; sys.stdout.buffer.write(b'\\x00\\xff\\xfe')", null, null),
                        Verdict.ACCEPTED, r -> {
                            assertThat(r.runs().get(0).stdout().encoding()).isEqualTo("base64");
                            assertThat(r.runs().get(0).stdout().bytes()).containsExactly(0, 0xff, 0xfe);
                        }));
    }

    /** One hello-from-stdin program per language of the catalogue, own code (not the sandbox test's). */
    static final java.util.Map<String, String> HELLO = java.util.Map.of(
            "c", "#include <stdio.h>\nint main(void){char s[32]; scanf(\"%31s\", s); printf(\"hello %s\\n\", s); return 0;}\n",
            "cpp", "#include <iostream>\n#include <string>\nint main(){std::string s; std::cin >> s; std::cout << \"hello \" << s << '\\n';}\n",
            "java", "public class Main { public static void main(String[] a) throws Exception {"
                    + " var in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in));"
                    + " System.out.println(\"hello \" + in.readLine().trim()); } }\n",
            "python", "import sys\nprint('hello', sys.stdin.readline().strip())\n",
            "javascript", "const s = require('fs').readFileSync(0, 'utf8').trim();\nprocess.stdout.write('hello ' + s + '\\n');\n",
            "bash", "IFS= read -r s\nprintf 'hello %s\\n' \"$s\"\n",
            "go", "package main\nimport \"fmt\"\nfunc main() { var s string; fmt.Scanln(&s); fmt.Printf(\"hello %s\\n\", s) }\n",
            "rust", "fn main() { let mut s = String::new(); std::io::stdin().read_line(&mut s).unwrap();"
                    + " println!(\"hello {}\", s.trim()); }\n");

    static List<String> languages() {
        return LanguageCatalogue.builtIn().all().stream().map(l -> l.id()).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("languages")
    void everyLanguageOfTheCatalogueRunsFromConfigurationAlone(String language) {
        assertThat(HELLO).as("a hello program for " + language).containsKey(language);
        Submission submission = new Submission(1, "lang-" + UUID.randomUUID(), null, language, HELLO.get(language), null,
                null, null, null, null,
                List.of(new TestCase("world\n", "hello world"), new TestCase("again\n", "hello again")),
                null, null, new Limits(5000L, 15000L, 512L, 64L, null, null), null, null, null);

        ExecutionResult result = useCase.execute(submission);

        assertThat(result.verdict()).as(result.verdictDetail()).isEqualTo(Verdict.ACCEPTED);
        assertThat(result.runs()).hasSize(2);
        assertThat(result.runs().get(1).stdout().data()).isEqualTo("hello again\n");
    }

    @ParameterizedTest
    @MethodSource("rows")
    void aUserGetsTheRightVerdict(Row row) {
        ExecutionResult result = useCase.execute(row.submission());

        assertThat(result.verdict()).as(result.verdictDetail()).isEqualTo(row.verdict());
        assertThat(RecordCodec.RESULT.check(result)).isEmpty();
        row.more().accept(result);
    }
}

package dev.codeexec.executor.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeexec.executor.sandbox.StepOutcome;
import dev.codeexec.executor.sandbox.Termination;
import dev.codeexec.schemas.CompareMode;
import dev.codeexec.schemas.TimeLimitKind;
import dev.codeexec.schemas.Verdict;
import dev.codeexec.schemas.v1.RunOutcome;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class VerdictsTest {

    static final RunLimits LIMITS = new RunLimits(1000, 3000, 128, 16, 64, 256);

    record Row(String name, StepOutcome step, String expected, Verdict verdict, TimeLimitKind timeLimit, String detail) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Row> rows() {
        return List.of(
                new Row("exit 0, no expected output", exited(0, "anything"), null, Verdict.ACCEPTED, null, null),
                new Row("exit 0, matching output", exited(0, "42\n"), "42", Verdict.ACCEPTED, null, null),
                new Row("exit 0, other output", exited(0, "41\n"), "42", Verdict.WRONG_ANSWER, null,
                        "output differs from the expected output (compare mode trim)"),
                new Row("non-zero exit", exited(3, ""), null, Verdict.RUNTIME_ERROR, null, "exit code 3"),
                new Row("non-zero exit beats matching output", exited(1, "42"), "42", Verdict.RUNTIME_ERROR, null, "exit code 1"),
                new Row("signal", stopped(Termination.SIGNALLED, "SIGSEGV"), null, Verdict.RUNTIME_ERROR, null, "killed by signal SIGSEGV"),
                new Row("cpu limit", stopped(Termination.CPU_LIMIT, null), null, Verdict.TIME_LIMIT_EXCEEDED, TimeLimitKind.CPU,
                        "CPU time limit of 1000 ms exceeded"),
                new Row("wall limit", stopped(Termination.WALL_LIMIT, null), null, Verdict.TIME_LIMIT_EXCEEDED, TimeLimitKind.WALL,
                        "wall time limit of 3000 ms exceeded"),
                new Row("memory limit", stopped(Termination.MEMORY_LIMIT, null), null, Verdict.MEMORY_LIMIT_EXCEEDED, null,
                        "memory limit of 128 MB exceeded (killed by the OOM killer)"),
                new Row("output limit", stopped(Termination.OUTPUT_LIMIT, null), null, Verdict.OUTPUT_LIMIT_EXCEEDED, null,
                        "output limit of 64 KB exceeded"),
                new Row("file size limit", stopped(Termination.FILE_SIZE_LIMIT, null), null, Verdict.OUTPUT_LIMIT_EXCEEDED, null,
                        "file size limit of 256 KB exceeded"));
    }

    @ParameterizedTest
    @MethodSource("rows")
    void mapsEveryTermination(Row row) {
        RunOutcome run = Verdicts.judge(2, row.step(), LIMITS, row.expected(), CompareMode.TRIM);

        assertThat(run.testCase()).isEqualTo(2);
        assertThat(run.verdict()).isEqualTo(row.verdict());
        assertThat(run.timeLimit()).isEqualTo(row.timeLimit());
        assertThat(run.verdictDetail()).isEqualTo(row.detail());
        assertThat(run.cpuTimeMs()).isEqualTo(row.step().cpuTimeMs());
        assertThat(run.wallTimeMs()).isEqualTo(row.step().wallTimeMs());
        assertThat(run.memoryKb()).isEqualTo(row.step().memoryKb());
        assertThat(run.exitCode()).isEqualTo(row.step().exitCode().orElse(null));
        assertThat(run.signal()).isEqualTo(row.step().signal().orElse(null));
        assertThat(run.stdout().truncated()).isEqualTo(row.step().outputTruncated());
    }

    /** A new way for a step to end fails here until the table says which verdict it gets. */
    @Test
    void theTableCoversEveryTermination() {
        assertThat(rows().stream().map(row -> row.step().termination()).distinct())
                .containsExactlyInAnyOrder(Termination.values());
    }

    static StepOutcome exited(int code, String stdout) {
        return new StepOutcome(Termination.EXITED, Optional.of(code), Optional.empty(), 7, 9, 1024,
                stdout.getBytes(StandardCharsets.UTF_8), "err".getBytes(StandardCharsets.UTF_8), false, List.of());
    }

    static StepOutcome stopped(Termination termination, String signal) {
        return new StepOutcome(termination, Optional.empty(), Optional.ofNullable(signal), 1001, 3002, 131072,
                new byte[0], new byte[0], termination == Termination.OUTPUT_LIMIT, List.of());
    }
}

package dev.codeexec.executor.execution;

import dev.codeexec.executor.sandbox.StepOutcome;
import dev.codeexec.schemas.CompareMode;
import dev.codeexec.schemas.TimeLimitKind;
import dev.codeexec.schemas.Verdict;
import dev.codeexec.schemas.v1.RunOutcome;

/** Maps what a run step did ({@link StepOutcome}) to a verdict with its detail. */
public final class Verdicts {

    private static final java.util.regex.Pattern SIGNAL_NAME = java.util.regex.Pattern.compile("SIG[A-Z0-9+-]+");

    private Verdicts() {
    }

    /** The outcome of test case {@code index} run under {@code limits}, judged against {@code expected}. */
    public static RunOutcome judge(int index, StepOutcome step, RunLimits limits, String expected, CompareMode mode) {
        return judge(index, step, limits, expected, mode, new OutputBudget(Long.MAX_VALUE));
    }

    static RunOutcome judge(int index, StepOutcome step, RunLimits limits, String expected, CompareMode mode,
            OutputBudget budget) {
        Verdict verdict;
        String detail = null;
        TimeLimitKind timeLimit = null;
        switch (step.termination()) {
            case CPU_LIMIT -> {
                verdict = Verdict.TIME_LIMIT_EXCEEDED;
                timeLimit = TimeLimitKind.CPU;
                detail = "CPU time limit of " + limits.cpuTimeMs() + " ms exceeded";
            }
            case WALL_LIMIT -> {
                verdict = Verdict.TIME_LIMIT_EXCEEDED;
                timeLimit = TimeLimitKind.WALL;
                detail = "wall time limit of " + limits.wallTimeMs() + " ms exceeded";
            }
            case MEMORY_LIMIT -> {
                verdict = Verdict.MEMORY_LIMIT_EXCEEDED;
                detail = "memory limit of " + limits.memoryMb() + " MB exceeded (killed by the OOM killer)";
            }
            case OUTPUT_LIMIT -> {
                verdict = Verdict.OUTPUT_LIMIT_EXCEEDED;
                detail = "output limit of " + limits.outputKb() + " KB exceeded";
            }
            case FILE_SIZE_LIMIT -> {
                verdict = Verdict.OUTPUT_LIMIT_EXCEEDED;
                detail = "file size limit of " + limits.fileSizeKb() + " KB exceeded";
            }
            case SIGNALLED -> {
                verdict = Verdict.RUNTIME_ERROR;
                detail = "killed by signal " + step.signal().orElse("(unknown)");
            }
            case EXITED -> {
                int exit = step.exitCode().orElse(0);
                if (exit != 0) {
                    verdict = Verdict.RUNTIME_ERROR;
                    detail = "exit code " + exit;
                } else if (expected == null || OutputComparator.matches(step.stdout(), expected, mode)) {
                    verdict = Verdict.ACCEPTED;
                } else {
                    verdict = Verdict.WRONG_ANSWER;
                    detail = "output differs from the expected output (compare mode " + mode.json() + ")";
                }
            }
            default -> throw new IllegalStateException("unknown termination " + step.termination());
        }
        return new RunOutcome(index, verdict, detail,
                step.exitCode().orElse(null), step.signal().filter(s -> SIGNAL_NAME.matcher(s).matches()).orElse(null),
                timeLimit,
                step.cpuTimeMs(), step.wallTimeMs(), step.memoryKb(),
                budget.take(step.stdout(), step.outputTruncated()),
                budget.take(step.stderr(), step.outputTruncated()));
    }
}

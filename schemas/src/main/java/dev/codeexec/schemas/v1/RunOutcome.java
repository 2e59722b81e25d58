package dev.codeexec.schemas.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.codeexec.schemas.TimeLimitKind;
import dev.codeexec.schemas.Verdict;

/**
 * One run of the program on one test case. {@code exitCode} is set when the program exited,
 * {@code signal} (e.g. {@code SIGSEGV}) when a signal ended it. Times and memory are measured.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunOutcome(
        int testCase,
        Verdict verdict,
        String verdictDetail,
        Integer exitCode,
        String signal,
        TimeLimitKind timeLimit,
        long cpuTimeMs,
        long wallTimeMs,
        long memoryKb,
        Output stdout,
        Output stderr) {
}

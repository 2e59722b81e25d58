package dev.codeexec.executor.execution;

import java.time.Duration;

/**
 * What this executor allows and assumes, as domain values (built from configuration at the
 * edge): the defaults and maxima of run limits, the compile step's own limits, how many test
 * cases a submission may carry, the size of a box's work directory and how many bytes of output
 * (all outputs together) one result may carry.
 */
public record ExecutionPolicy(
        String executorId,
        RunLimits defaults,
        RunLimits maxima,
        RunLimits compile,
        int maxTestCases,
        long workDirMb,
        long resultOutputBytes) {

    /** Time allowed per box for creating and destroying it, on top of the steps' wall limits. */
    static final Duration BOX_OVERHEAD = Duration.ofSeconds(10);
    /** Time allowed per step for starting it and collecting its outputs. */
    static final Duration STEP_OVERHEAD = Duration.ofSeconds(1);

    public ExecutionPolicy {
        if (maxTestCases < 1) {
            throw new IllegalArgumentException("maxTestCases must be at least 1");
        }
        if (workDirMb < 1) {
            throw new IllegalArgumentException("workDirMb must be at least 1");
        }
        if (resultOutputBytes < 0) {
            throw new IllegalArgumentException("resultOutputBytes must not be negative");
        }
        defaults.byName().forEach((field, value) -> {
            long max = maxima.byName().get(field);
            if (value > max) {
                throw new IllegalArgumentException(
                        "default " + field + " " + value + " is over the maximum " + max);
            }
        });
    }

    /**
     * The longest a submission can take when every limit is at its maximum: a compile box and a
     * run box, the compile wall limit and every test case at the maximum wall limit. Kafka's
     * poll interval is sized from this (the result transaction opens only after the run).
     */
    public Duration longestSubmission() {
        long steps = maxTestCases + 1L;
        return BOX_OVERHEAD.multipliedBy(2)
                .plus(STEP_OVERHEAD.multipliedBy(steps))
                .plusMillis(compile.wallTimeMs())
                .plusMillis(maxima.wallTimeMs() * maxTestCases);
    }
}

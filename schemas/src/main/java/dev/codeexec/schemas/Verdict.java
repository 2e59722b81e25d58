package dev.codeexec.schemas;

/**
 * What happened to a submission: a closed set. Failure of the user's program is one of these;
 * failure of codeexec's infrastructure is never turned into a verdict (it is retried).
 */
public enum Verdict {
    /** Ran to exit code 0 and, where an expected output was given, matched it. */
    ACCEPTED,
    /** Ran to exit code 0 but the output differed from the expected output. */
    WRONG_ANSWER,
    /** The compiler refused the program or exceeded its own limits. */
    COMPILATION_ERROR,
    /** CPU or wall time limit passed; see {@link TimeLimitKind}. */
    TIME_LIMIT_EXCEEDED,
    /** The program was killed by the out-of-memory killer of its sandbox. */
    MEMORY_LIMIT_EXCEEDED,
    /** stdout+stderr passed outputKb, or a file passed fileSizeKb. */
    OUTPUT_LIMIT_EXCEEDED,
    /** Non-zero exit code or a signal. */
    RUNTIME_ERROR,
    /** The submission asked for something not allowed (a limit over the maximum, unknown language). */
    REJECTED,
    /** codeexec could not judge the run for a reason that retrying would not fix. */
    INTERNAL_ERROR;

    /** True for every verdict but {@link #ACCEPTED}. */
    public boolean isFailure() {
        return this != ACCEPTED;
    }
}

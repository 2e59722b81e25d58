package dev.codeexec.executor.execution;

/** Told how far a submission's run has come, while it runs; must not block. */
@FunctionalInterface
public interface Progress {

    /** Tells nobody. */
    Progress NONE = (testCase, testCases) -> {
    };

    /** Test case {@code testCase} (0-based) of {@code testCases} starts; called only when there are several. */
    void testCaseStarted(int testCase, int testCases);
}

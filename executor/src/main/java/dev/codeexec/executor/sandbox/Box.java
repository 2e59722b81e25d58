package dev.codeexec.executor.sandbox;

import java.util.List;

/** One sandbox for one submission. Not thread-safe: one submission drives it. */
public interface Box extends AutoCloseable {

    /** Writes files into the box's work directory (relative, validated names). */
    void putFiles(List<BoxFile> files);

    /**
     * Runs one step to completion (or until a limit stops it). Everything the step started is
     * killed before this returns, so nothing outlives a step.
     */
    StepOutcome run(Step step);

    /** Destroys the box and everything in it. Never throws for a box already gone. */
    @Override
    void close();
}

package dev.codeexec.executor.sandbox;

import java.util.List;

/**
 * The sandbox of one submission: files put in it, then steps. Every step runs in a fresh sandbox
 * of its own that sees a copy of the files put in (and of earlier steps' artifacts), and nothing
 * else an earlier step left: no file, process, shared memory or environment. Not thread-safe: one
 * submission drives it.
 */
public interface Box extends AutoCloseable {

    /**
     * Adds files to the box's work directory as every later step sees it (relative, validated names).
     * Files the box refuses throw {@link FilesRefusedException}, here or from the next {@link #run}.
     */
    void putFiles(List<BoxFile> files);

    /**
     * Runs one step to completion (or until a limit stops it) in a fresh sandbox. Everything the
     * step started is killed and its scratch file systems are gone before this returns; the
     * regular files of its {@code collectDir} are returned and join the box's files.
     */
    StepOutcome run(Step step);

    /** Destroys the box and everything in it. Never throws for a box already gone. */
    @Override
    void close();
}

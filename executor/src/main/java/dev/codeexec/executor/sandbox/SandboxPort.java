package dev.codeexec.executor.sandbox;

/**
 * Opens boxes. A box belongs to exactly one submission and is destroyed when closed, whatever
 * happened inside it.
 *
 * <p>Failures of the infrastructure (Docker unreachable, image missing) are thrown as
 * {@link SandboxUnavailableException}, never reported as a program's outcome.
 */
public interface SandboxPort {

    /** A fresh box for one submission, ready to take files and run steps. */
    Box open(BoxSpec spec);

    /** True when the sandbox backend answers (used by health and to resume consumption). */
    boolean available();
}

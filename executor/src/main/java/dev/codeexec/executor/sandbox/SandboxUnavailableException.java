package dev.codeexec.executor.sandbox;

/**
 * The sandbox backend cannot serve (Docker unreachable, image missing, box died for reasons of
 * its own). Retried with backoff; never turned into a verdict.
 */
public class SandboxUnavailableException extends RuntimeException {

    public SandboxUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public SandboxUnavailableException(String message) {
        super(message);
    }
}

package dev.codeexec.executor.execution;

/** A submission asks for something not allowed; becomes a {@code REJECTED} result, never retried. */
final class Rejection extends RuntimeException {

    Rejection(String reason) {
        super(reason, null, false, false);
    }
}

package dev.codeexec.sink.webhook;

/** An attempt failed and another is allowed: the listener's error handler backs off and redelivers. */
public class RetryLaterException extends RuntimeException {

    public RetryLaterException(String message) {
        super(message);
    }
}

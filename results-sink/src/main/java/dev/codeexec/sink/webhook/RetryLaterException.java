package dev.codeexec.sink.webhook;

/** An attempt failed and another is allowed: the record moves on to the next (delayed) retry topic. */
public class RetryLaterException extends RuntimeException {

    public RetryLaterException(String message) {
        super(message);
    }
}

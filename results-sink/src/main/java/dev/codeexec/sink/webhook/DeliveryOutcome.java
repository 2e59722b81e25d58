package dev.codeexec.sink.webhook;

/** What one attempt came to; stored in {@code webhook_deliveries.outcome}. */
public enum DeliveryOutcome {
    /** The receiver answered 2xx. */
    DELIVERED,
    /** Timeout, connection failure or non-2xx; another attempt follows. */
    RETRY,
    /** The last allowed attempt failed. */
    FAILED,
    /** The target is not allowed (private, loopback, bad scheme); nothing was sent. */
    BLOCKED;

    public boolean isFinal() {
        return this != RETRY;
    }
}

package dev.codeexec.api.submission;

import dev.codeexec.api.common.Caller;
import dev.codeexec.api.common.Refusal;

/** Decides whether new work is admitted now: rate limits, in-flight caps, backpressure. */
public interface Admission {

    /**
     * Admits {@code count} new submissions from this caller, or throws a {@link Refusal} of kind
     * {@code TOO_MANY} or {@code UNAVAILABLE} with a Retry-After.
     */
    void admit(Caller caller, int count);

    /** Admits everything. */
    static Admission open() {
        return (caller, count) -> { };
    }
}

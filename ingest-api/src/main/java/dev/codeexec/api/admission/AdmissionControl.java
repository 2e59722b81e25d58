package dev.codeexec.api.admission;

import dev.codeexec.api.common.Caller;
import dev.codeexec.api.submission.Admission;
import dev.codeexec.api.common.Refusal;
import dev.codeexec.api.submission.SubmissionStorePort;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * Admits new submissions, or refuses them: 503 while the backlog passes its bound, 429 when the
 * key is over its rate or the tenant has too many submissions in flight. A limit of 0 is off.
 */
public final class AdmissionControl implements Admission {

    private final TokenBuckets rate;
    private final int maxInFlight;
    private final long maxBacklog;
    private final long backlogRetryAfterSeconds;
    private final BacklogPort backlog;
    private final SubmissionStorePort store;
    private final LongSupplier nanoTime;

    public AdmissionControl(double requestsPerSecond, int burst, int maxInFlight, long maxBacklog,
            long backlogRetryAfterSeconds, BacklogPort backlog, SubmissionStorePort store, LongSupplier nanoTime) {
        this.rate = requestsPerSecond > 0 ? new TokenBuckets(requestsPerSecond, burst) : null;
        this.maxInFlight = maxInFlight;
        this.maxBacklog = maxBacklog;
        this.backlogRetryAfterSeconds = backlogRetryAfterSeconds;
        this.backlog = backlog;
        this.store = store;
        this.nanoTime = nanoTime;
    }

    @Override
    public void admit(Caller caller, int count) {
        if (maxBacklog > 0) {
            OptionalLong waiting = backlog.backlog();
            if (waiting.isPresent() && waiting.getAsLong() >= maxBacklog) {
                throw Refusal.unavailable("codeexec is busy: " + waiting.getAsLong()
                        + " submissions are waiting (bound " + maxBacklog + "); retry later", backlogRetryAfterSeconds);
            }
        }
        if (rate != null) {
            long wait = rate.take(caller.keyId(), count, nanoTime.getAsLong());
            if (wait > 0) {
                throw Refusal.tooMany("rate limit of this API key reached", wait);
            }
        }
        if (maxInFlight > 0) {
            int inFlight = store.countInFlight(caller.tenant(), maxInFlight);
            if (inFlight + count > maxInFlight) {
                throw Refusal.tooMany("too many submissions in flight (at most " + maxInFlight
                        + " not yet completed); retry when some complete", 1);
            }
        }
    }
}

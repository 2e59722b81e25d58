package dev.codeexec.api.support;

import dev.codeexec.api.submission.SubmissionQueuePort;
import dev.codeexec.schemas.v1.Submission;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A queue that keeps what it was given, or acts as an unreachable Kafka, or as a stalled broker: one
 * that does not acknowledge in time but appends the records late ({@link #takenLate}).
 */
public final class FakeQueue implements SubmissionQueuePort {

    public final List<Submission> published = new CopyOnWriteArrayList<>();
    public volatile boolean unavailable;
    public volatile boolean stalled;
    /** What a stalled broker took without acknowledging it in time. */
    public final List<Submission> takenLate = new CopyOnWriteArrayList<>();

    @Override
    public Map<String, QueueUnavailableException> publish(List<Submission> submissions) {
        Map<String, QueueUnavailableException> refused = new LinkedHashMap<>();
        for (Submission submission : submissions) {
            if (unavailable || stalled) {
                refused.put(submission.id(), new QueueUnavailableException("broker down", null));
                if (stalled) {
                    takenLate.add(submission);
                }
            } else {
                published.add(submission);
            }
        }
        return refused;
    }
}

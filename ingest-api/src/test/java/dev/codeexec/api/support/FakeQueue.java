package dev.codeexec.api.support;

import dev.codeexec.api.submission.SubmissionQueuePort;
import dev.codeexec.schemas.v1.Submission;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A queue that keeps what it was given, or acts as an unreachable Kafka. */
public final class FakeQueue implements SubmissionQueuePort {

    public final List<Submission> published = new CopyOnWriteArrayList<>();
    public volatile boolean unavailable;

    @Override
    public void publish(Submission submission) {
        if (unavailable) {
            throw new QueueUnavailableException("broker down", null);
        }
        published.add(submission);
    }
}

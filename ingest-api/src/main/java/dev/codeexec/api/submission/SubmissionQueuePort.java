package dev.codeexec.api.submission;

import dev.codeexec.schemas.v1.Submission;
import java.util.List;
import java.util.Map;

/** Where accepted submissions go: the submissions topic. */
public interface SubmissionQueuePort {

    /**
     * Publishes the submissions, each keyed by its id, all at once, and returns only once the queue
     * has acknowledged each one durably or the bounded wait (one for all of them) is over.
     *
     * @return the submissions that were not acknowledged, by id, with the reason; empty when all were
     */
    Map<String, QueueUnavailableException> publish(List<Submission> submissions);

    /** The queue did not acknowledge in time; the submission must be reported as not accepted. */
    final class QueueUnavailableException extends RuntimeException {
        public QueueUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

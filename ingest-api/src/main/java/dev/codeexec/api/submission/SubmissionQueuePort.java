package dev.codeexec.api.submission;

import dev.codeexec.schemas.v1.Submission;

/** Where accepted submissions go: the submissions topic. */
public interface SubmissionQueuePort {

    /**
     * Publishes the submission keyed by its id and returns only once the queue has acknowledged it
     * durably.
     *
     * @throws QueueUnavailableException when no acknowledgement came within the bounded wait
     */
    void publish(Submission submission);

    /** The queue did not acknowledge in time; the submission must be reported as not accepted. */
    final class QueueUnavailableException extends RuntimeException {
        public QueueUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

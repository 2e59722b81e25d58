package dev.codeexec.api.admission;

import dev.codeexec.api.common.Caller;
import dev.codeexec.api.submission.SubmissionStorePort;
import java.util.Map;

/** Admin use case: how loaded codeexec is (backlog on the queue, submissions per status). */
public final class OperationalStatus {

    private final BacklogPort backlog;
    private final SubmissionStorePort store;

    public OperationalStatus(BacklogPort backlog, SubmissionStorePort store) {
        this.backlog = backlog;
        this.store = store;
    }

    /** {@code backlog} is null when it cannot be measured now. */
    public record Status(Long backlog, Map<String, Long> submissions) {
    }

    public Status read(Caller caller) {
        caller.requireAdmin();
        var measured = backlog.backlog();
        return new Status(measured.isPresent() ? measured.getAsLong() : null, store.countByStatus());
    }
}

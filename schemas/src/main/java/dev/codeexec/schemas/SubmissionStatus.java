package dev.codeexec.schemas;

/** Lifecycle of a submission. Status only moves forward, in this order. */
public enum SubmissionStatus {
    QUEUED, RUNNING, COMPLETED;

    /** True when moving from this status to {@code next} goes forward (or stays). */
    public boolean canMoveTo(SubmissionStatus next) {
        return next.ordinal() >= ordinal();
    }
}

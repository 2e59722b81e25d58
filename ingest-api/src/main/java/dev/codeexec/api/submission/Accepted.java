package dev.codeexec.api.submission;

import dev.codeexec.schemas.SubmissionStatus;

/** A submission Kafka holds: its id and status. {@code replayed} when an idempotency key returned an earlier one. */
public record Accepted(String id, SubmissionStatus status, boolean replayed) {
}

package dev.codeexec.api.submission;

/** A submission Kafka holds: its id and status. {@code replayed} when an idempotency key returned an earlier one. */
public record Accepted(String id, String status, boolean replayed) {
}

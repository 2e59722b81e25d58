package dev.codeexec.sink.webhook;

import java.util.Optional;

/**
 * One recorded attempt.
 *
 * @param deliveryId   the same for every attempt of one delivery
 * @param attempt      1 for the first
 * @param statusCode   the receiver's HTTP status, when it answered
 * @param error        what went wrong, when something did
 */
public record DeliveryAttempt(String deliveryId, int attempt, String submissionId, String url,
        DeliveryOutcome outcome, Optional<Integer> statusCode, Optional<String> error, long durationMs) {
}

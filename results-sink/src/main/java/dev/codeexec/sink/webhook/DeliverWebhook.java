package dev.codeexec.sink.webhook;

import dev.codeexec.schemas.kafka.RecordCodec;
import dev.codeexec.schemas.v1.ExecutionResult;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Makes the next attempt of a result's webhook delivery, if one is due: POSTs the signed JSON result
 * (a target the outbound policy refuses is BLOCKED, nothing sent), records the attempt, and throws
 * {@link RetryLaterException} when the attempt failed and the attempt budget allows another. The
 * delivery id is derived from the submission id and URL, so a redelivered result continues the same
 * delivery (and a delivered one is not sent again).
 */
public final class DeliverWebhook {

    /** Event name sent in {@link WebhookSignature#EVENT_HEADER}. */
    public static final String EVENT = "result.completed";

    private final DeliveryLogPort log;
    private final WebhookClientPort client;
    private final WebhookSignature signature;
    private final int maxAttempts;
    private final Clock clock;

    public DeliverWebhook(DeliveryLogPort log, WebhookClientPort client, WebhookSignature signature, int maxAttempts,
            Clock clock) {
        this.log = log;
        this.client = client;
        this.signature = signature;
        this.maxAttempts = maxAttempts;
        this.clock = clock;
    }

    public static String deliveryId(String submissionId, String url) {
        return UUID.nameUUIDFromBytes((submissionId + "\n" + url).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** Returns the outcome of the attempt made, or empty when none was due. */
    public Optional<DeliveryOutcome> deliver(ExecutionResult result) {
        String url = result.callbackUrl();
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        String id = deliveryId(result.submissionId(), url);
        List<DeliveryAttempt> earlier = log.attempts(id);
        if (earlier.stream().anyMatch(a -> a.outcome().isFinal()) || earlier.size() >= maxAttempts) {
            return Optional.empty();
        }
        int attempt = earlier.size() + 1;
        URI target;
        try {
            target = URI.create(url);
        } catch (IllegalArgumentException e) {
            return Optional.of(record(id, attempt, result, DeliveryOutcome.BLOCKED, null, "not a URI", 0));
        }
        byte[] body = RecordCodec.RESULT.encode(result);
        Map<String, String> headers = Map.of(
                "Content-Type", "application/json",
                WebhookSignature.HEADER, signature.sign(clock.instant().getEpochSecond(), body),
                WebhookSignature.DELIVERY_HEADER, id,
                WebhookSignature.ATTEMPT_HEADER, String.valueOf(attempt),
                WebhookSignature.EVENT_HEADER, EVENT);
        long started = System.nanoTime();
        Integer status = null;
        String error = null;
        try {
            status = client.post(target, headers, body);
            if (status / 100 != 2) {
                error = "HTTP " + status;
            }
        } catch (TargetRefusedException e) {
            long durationMs = (System.nanoTime() - started) / 1_000_000;
            return Optional.of(record(id, attempt, result, DeliveryOutcome.BLOCKED, null, e.getMessage(), durationMs));
        } catch (IOException e) {
            error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        long durationMs = (System.nanoTime() - started) / 1_000_000;
        DeliveryOutcome outcome = error == null ? DeliveryOutcome.DELIVERED
                : attempt < maxAttempts ? DeliveryOutcome.RETRY : DeliveryOutcome.FAILED;
        record(id, attempt, result, outcome, status, error, durationMs);
        if (outcome == DeliveryOutcome.RETRY) {
            throw new RetryLaterException("webhook attempt " + attempt + " of " + id + " failed: " + error);
        }
        return Optional.of(outcome);
    }

    private DeliveryOutcome record(String id, int attempt, ExecutionResult result, DeliveryOutcome outcome,
            Integer status, String error, long durationMs) {
        log.record(new DeliveryAttempt(id, attempt, result.submissionId(), result.callbackUrl(), outcome,
                Optional.ofNullable(status), Optional.ofNullable(error), durationMs));
        return outcome;
    }
}

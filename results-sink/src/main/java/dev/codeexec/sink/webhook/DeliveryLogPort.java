package dev.codeexec.sink.webhook;

import java.util.List;

/** The recorded attempts of webhook deliveries ({@code webhook_deliveries}). */
public interface DeliveryLogPort {

    /** All attempts of a delivery so far, in order. */
    List<DeliveryAttempt> attempts(String deliveryId);

    /** Records an attempt; recording the same (delivery, attempt) twice keeps the first. */
    void record(DeliveryAttempt attempt);
}

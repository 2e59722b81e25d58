package dev.codeexec.examples;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks the {@code X-Codeexec-Signature} header the results sink puts on every callback:
 * {@code t=<unix seconds>,v1=<hex>}, where hex is HMAC-SHA256, under the secret shared with
 * codeexec ({@code codeexec.sink.webhooks.secret}), of {@code "<t>.<raw body>"}. Signing the time
 * as well lets a receiver refuse a request recorded and replayed later.
 */
public final class WebhookSignatureCheck {

    private final SecretKeySpec secret;
    private final Duration maxAge;
    private final Clock clock;

    public WebhookSignatureCheck(byte[] secret, Duration maxAge, Clock clock) {
        this.secret = new SecretKeySpec(secret.clone(), "HmacSHA256");
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /** Whether {@code header} signs exactly these body bytes, with our secret, recently enough. */
    public boolean isValid(String header, byte[] body) {
        if (header == null) {
            return false;
        }
        String t = null;
        String v1 = null;
        for (String part : header.split(",")) {
            if (part.startsWith("t=")) {
                t = part.substring(2);
            } else if (part.startsWith("v1=")) {
                v1 = part.substring(3);
            }
        }
        if (t == null || v1 == null || !t.matches("\\d{1,12}")) {
            return false;
        }
        long ageSeconds = Math.abs(clock.instant().getEpochSecond() - Long.parseLong(t));
        if (ageSeconds > maxAge.toSeconds()) {
            return false;
        }
        byte[] expected = HexFormat.of().formatHex(hmac(t, body)).getBytes(StandardCharsets.US_ASCII);
        // constant time: how much of a guess matched must not show in the response time
        return MessageDigest.isEqual(expected, v1.getBytes(StandardCharsets.US_ASCII));
    }

    private byte[] hmac(String t, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(secret);
            mac.update((t + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);   // the raw bytes as received: never re-serialized JSON
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}

package dev.codeexec.sink.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature a receiver checks: header {@value #HEADER} is {@code t=<unix seconds>,v1=<hex>}
 * where hex is HMAC-SHA256 under the shared secret of {@code "<t>.<raw body>"}. Including the
 * time lets receivers refuse old replays.
 */
public final class WebhookSignature {

    public static final String HEADER = "X-Codeexec-Signature";
    public static final String DELIVERY_HEADER = "X-Codeexec-Delivery";
    public static final String ATTEMPT_HEADER = "X-Codeexec-Attempt";
    public static final String EVENT_HEADER = "X-Codeexec-Event";

    private final SecretKeySpec secret;

    public WebhookSignature(byte[] secret) {
        if (secret.length < 16) {
            throw new IllegalArgumentException("webhook secret must have at least 16 bytes");
        }
        this.secret = new SecretKeySpec(secret.clone(), "HmacSHA256");
    }

    /** The header value for {@code body} sent at {@code epochSeconds}. */
    public String sign(long epochSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(secret);
            mac.update((epochSeconds + ".").getBytes(StandardCharsets.US_ASCII));
            return "t=" + epochSeconds + ",v1=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}

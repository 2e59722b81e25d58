package dev.codeexec.storage.links;

import dev.codeexec.storage.ObjectKeys;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks expiring links to objects of the local store. A link is
 * {@code {base}{key}?expires={epochSeconds}&signature={hmac}} where hmac is the unpadded base64url
 * HMAC-SHA256 of {@code key + "\n" + expires} under a secret shared by whoever signs and whoever
 * serves (the API). Thread-safe.
 */
public final class LinkSigner {

    /** Default lifetime of a link. */
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(30);
    /** Query parameter holding the expiry, in epoch seconds. */
    public static final String EXPIRES = "expires";
    /** Query parameter holding the signature. */
    public static final String SIGNATURE = "signature";

    private static final String ALGORITHM = "HmacSHA256";
    private static final int MIN_SECRET_BYTES = 32;

    private final SecretKeySpec secret;
    private final String base;
    private final Clock clock;

    /**
     * @param secret at least 32 bytes of secret key material
     * @param base   where the API serves objects, e.g. {@code http://localhost:8080/api/v1/objects/};
     *               the key is appended to it
     */
    public LinkSigner(byte[] secret, URI base, Clock clock) {
        if (secret == null || secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("link secret must have at least " + MIN_SECRET_BYTES + " bytes");
        }
        this.secret = new SecretKeySpec(secret.clone(), ALGORITHM);
        String text = base.toString();
        this.base = text.endsWith("/") ? text : text + "/";
        this.clock = clock;
    }

    /** A link to {@code key} that is valid for {@code ttl} from now. */
    public URI sign(String key, Duration ttl) {
        ObjectKeys.check(key);
        long expires = clock.instant().plus(ttl).getEpochSecond();
        return URI.create(base + key + "?" + EXPIRES + "=" + expires + "&" + SIGNATURE + "=" + signature(key, expires));
    }

    /**
     * Checks the parts of a link as the API received them. The signature is checked before the
     * expiry, so a tampered expiry is {@link LinkCheck#INVALID}.
     */
    public LinkCheck check(String key, String expires, String signature) {
        if (key == null || expires == null || signature == null) {
            return LinkCheck.INVALID;
        }
        long expiresAt;
        try {
            ObjectKeys.check(key);
            expiresAt = Long.parseLong(expires);
        } catch (IllegalArgumentException e) {
            return LinkCheck.INVALID;
        }
        byte[] expected = signature(key, expiresAt).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII))) {
            return LinkCheck.INVALID;
        }
        return clock.instant().getEpochSecond() < expiresAt ? LinkCheck.VALID : LinkCheck.EXPIRED;
    }

    private String signature(String key, long expires) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(secret);
            byte[] digest = mac.doFinal((key + "\n" + expires).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}

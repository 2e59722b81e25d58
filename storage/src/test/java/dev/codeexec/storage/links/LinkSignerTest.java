package dev.codeexec.storage.links;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LinkSignerTest {

    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    private static final String KEY = "submissions/s1/runs/0/stdout";

    private final LinkSigner signer = signerAt(NOW);

    @Test
    void aFreshLinkIsValidForThirtyMinutesByDefault() {
        Map<String, String> link = parts(signer.sign(KEY, LinkSigner.DEFAULT_TTL));

        assertThat(link.get("path")).isEqualTo("/api/v1/objects/" + KEY);
        assertThat(link.get("expires")).isEqualTo(String.valueOf(NOW.plus(Duration.ofMinutes(30)).getEpochSecond()));
        assertThat(signerAt(NOW.plus(Duration.ofMinutes(29))).check(KEY, link.get("expires"), link.get("signature")))
                .isEqualTo(LinkCheck.VALID);
        assertThat(signerAt(NOW.plus(Duration.ofMinutes(30))).check(KEY, link.get("expires"), link.get("signature")))
                .isEqualTo(LinkCheck.EXPIRED);
    }

    @Test
    void tamperingWithTheKeyTheExpiryOrTheSignatureIsInvalid() {
        Map<String, String> link = parts(signer.sign(KEY, Duration.ofMinutes(1)));
        String expires = link.get("expires");
        String signature = link.get("signature");

        assertThat(signer.check("submissions/s2/runs/0/stdout", expires, signature)).isEqualTo(LinkCheck.INVALID);
        assertThat(signer.check(KEY, String.valueOf(Long.parseLong(expires) + 3600), signature)).isEqualTo(LinkCheck.INVALID);
        assertThat(signer.check(KEY, expires, signature.substring(1) + "A")).isEqualTo(LinkCheck.INVALID);
        assertThat(signer.check(KEY, "soon", signature)).isEqualTo(LinkCheck.INVALID);
        assertThat(signer.check("../etc/passwd", expires, signature)).isEqualTo(LinkCheck.INVALID);
        assertThat(signer.check(KEY, null, signature)).isEqualTo(LinkCheck.INVALID);
    }

    @Test
    void aLinkSignedWithAnotherSecretIsInvalid() {
        LinkSigner other = new LinkSigner("another-secret-another-secret-xx".getBytes(StandardCharsets.US_ASCII),
                URI.create("http://localhost:8080/api/v1/objects"), fixed(NOW));
        Map<String, String> link = parts(other.sign(KEY, Duration.ofMinutes(1)));

        assertThat(signer.check(KEY, link.get("expires"), link.get("signature"))).isEqualTo(LinkCheck.INVALID);
    }

    @Test
    void refusesShortSecrets() {
        assertThatThrownBy(() -> new LinkSigner(new byte[16], URI.create("http://x/"), fixed(NOW)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static LinkSigner signerAt(Instant now) {
        return new LinkSigner(SECRET, URI.create("http://localhost:8080/api/v1/objects/"), fixed(now));
    }

    private static Clock fixed(Instant now) {
        return Clock.fixed(now, ZoneOffset.UTC);
    }

    private static Map<String, String> parts(URI link) {
        Map<String, String> parts = new HashMap<>();
        parts.put("path", link.getPath());
        for (String pair : link.getQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            parts.put(kv[0], kv[1]);
        }
        return parts;
    }
}

package dev.codeexec.api.support;

import dev.codeexec.api.submission.OutputLinks;
import dev.codeexec.api.submission.OutputObjectsPort;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Objects in memory; links are {@code https://objects.test/KEY?sig=ok}, and only signature "ok" is valid. */
public final class FakeObjects implements OutputLinks, OutputObjectsPort {

    public final Map<String, byte[]> objects = new ConcurrentHashMap<>();

    @Override
    public Optional<String> linkTo(String objectKey, Duration ttl) {
        return Optional.of("https://objects.test/" + objectKey + "?signature=ok");
    }

    @Override
    public Optional<String> apiLinkTo(String objectKey, Duration ttl) {
        return Optional.of("https://api.test/api/v1/objects/" + objectKey + "?signature=ok");
    }

    @Override
    public LinkState verify(String key, String expires, String signature) {
        if ("expired".equals(signature)) {
            return LinkState.EXPIRED;
        }
        return "ok".equals(signature) ? LinkState.VALID : LinkState.INVALID;
    }

    @Override
    public Optional<byte[]> read(String key) {
        return Optional.ofNullable(objects.get(key));
    }
}

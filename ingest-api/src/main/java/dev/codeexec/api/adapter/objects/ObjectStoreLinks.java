package dev.codeexec.api.adapter.objects;

import dev.codeexec.api.submission.OutputLinks;
import dev.codeexec.storage.ObjectStorePort;
import dev.codeexec.storage.links.LinkSigner;
import java.time.Duration;
import java.util.Optional;

/** Links from the storage module: the object store's own signed URLs, and HMAC links the API serves. */
public final class ObjectStoreLinks implements OutputLinks {

    private final ObjectStorePort store;
    private final LinkSigner apiSigner;

    public ObjectStoreLinks(ObjectStorePort store, LinkSigner apiSigner) {
        this.store = store;
        this.apiSigner = apiSigner;
    }

    @Override
    public Optional<String> linkTo(String objectKey, Duration ttl) {
        try {
            return Optional.of(store.signedUrl(objectKey, ttl).toString());
        } catch (RuntimeException e) {
            return apiLinkTo(objectKey, ttl);
        }
    }

    @Override
    public Optional<String> apiLinkTo(String objectKey, Duration ttl) {
        try {
            return Optional.of(apiSigner.sign(objectKey, ttl).toString());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}

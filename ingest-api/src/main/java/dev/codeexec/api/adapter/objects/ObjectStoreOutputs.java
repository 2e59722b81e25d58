package dev.codeexec.api.adapter.objects;

import dev.codeexec.api.submission.OutputObjectsPort;
import dev.codeexec.storage.ObjectStorePort;
import dev.codeexec.storage.links.LinkSigner;
import java.util.Optional;

/** Checks the API's HMAC links and reads objects from the store the results sink writes. */
public final class ObjectStoreOutputs implements OutputObjectsPort {

    private final ObjectStorePort store;
    private final LinkSigner signer;

    public ObjectStoreOutputs(ObjectStorePort store, LinkSigner signer) {
        this.store = store;
        this.signer = signer;
    }

    @Override
    public LinkState verify(String key, String expires, String signature) {
        return switch (signer.check(key, expires, signature)) {
            case VALID -> LinkState.VALID;
            case EXPIRED -> LinkState.EXPIRED;
            case INVALID -> LinkState.INVALID;
        };
    }

    @Override
    public Optional<byte[]> read(String key) {
        try {
            return store.get(key);
        } catch (IllegalArgumentException badKey) {
            return Optional.empty();
        }
    }
}

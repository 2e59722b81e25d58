package dev.codeexec.api.support;

import dev.codeexec.api.auth.KeyStorePort;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Keys in memory, by hash. */
public final class InMemoryKeys implements KeyStorePort {

    private final Map<String, StoredKey> byHash = new ConcurrentHashMap<>();

    @Override
    public Optional<StoredKey> findByHash(String keyHash) {
        return Optional.ofNullable(byHash.get(keyHash));
    }

    @Override
    public void insert(StoredKey key, String keyHash) {
        byHash.put(keyHash, key);
    }

    @Override
    public boolean revoke(String id) {
        return byHash.values().removeIf(k -> k.id().equals(id));
    }
}

package dev.codeexec.api.auth;

import java.util.Optional;

/** API keys as stored: only the SHA-256 of a key is kept, never the key. */
public interface KeyStorePort {

    /** The live (not revoked) key with this hash. */
    Optional<StoredKey> findByHash(String keyHash);

    void insert(StoredKey key, String keyHash);

    /** Revokes a key; false when there is no live key with this id. */
    boolean revoke(String id);

    /** A key's identity and rights. */
    record StoredKey(String id, String tenant, boolean admin) {
    }
}

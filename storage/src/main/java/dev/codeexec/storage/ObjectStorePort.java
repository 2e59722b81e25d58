package dev.codeexec.storage;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Where outputs live as exact bytes, addressed by deterministic keys such as
 * {@code submissions/{id}/runs/{n}/stdout} (see {@link ObjectKeys}). Every write replaces the
 * whole object atomically, so writing the same key twice (after a redelivery) is harmless.
 *
 * <p>Every method throws {@link ObjectStoreUnavailableException} when the store cannot be reached
 * (retry later), and {@link IllegalArgumentException} for a key that {@link ObjectKeys#check}
 * refuses.
 */
public interface ObjectStorePort {

    /** Stores {@code bytes} under {@code key}, replacing what was there; durable when it returns. */
    void put(String key, byte[] bytes, String contentType);

    /**
     * Stores {@code bytes} under {@code key}, replacing what was there, as {@code durability}
     * asks: {@link Durability#DURABLE} is {@link #put(String, byte[], String)};
     * {@link Durability#REPLICA} lets a store skip what only crash-safety needs (a local store
     * skips its fsyncs). By default every write is durable.
     */
    default void put(String key, byte[] bytes, String contentType, Durability durability) {
        put(key, bytes, contentType);
    }

    /** One object of {@link #putAll}. */
    record Write(String key, byte[] bytes, String contentType, Durability durability) {
    }

    /**
     * Stores every write as {@link #put(String, byte[], String, Durability)} does, in whatever
     * order and concurrency suits the store, and returns when every write has ended; then throws
     * the first failure, if any (the others may have been stored). By default all writes run at
     * once on {@code executor}: a network store overlaps their waits.
     */
    default void putAll(List<Write> writes, Executor executor) {
        Concurrently.runAll(writes.stream()
                .<Runnable>map(w -> () -> put(w.key(), w.bytes(), w.contentType(), w.durability())).toList(), executor);
    }

    /** The exact bytes stored under {@code key}, or empty when there is no such object. */
    Optional<byte[]> get(String key);

    /** True when an object is stored under {@code key}. */
    boolean exists(String key);

    /** Deletes every object whose key starts with {@code prefix}; returns how many were deleted. */
    int deleteByPrefix(String prefix);

    /**
     * A link that lets its holder read the object for {@code ttl} without other credentials:
     * an HMAC-signed link served by the API for local storage, a V4 signed URL for GCS.
     */
    URI signedUrl(String key, Duration ttl);
}

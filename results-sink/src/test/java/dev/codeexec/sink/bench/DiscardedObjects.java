package dev.codeexec.sink.bench;

import dev.codeexec.storage.ObjectStorePort;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;

/** An object store that keeps nothing: the benchmark's {@code --without-objects} setup. */
final class DiscardedObjects implements ObjectStorePort {

    @Override
    public void put(String key, byte[] bytes, String contentType) {
        // dropped on purpose
    }

    /** Drops the batch on the calling thread: no hand-off to the writers either, so the setup stays a lower bound. */
    @Override
    public void putAll(List<Write> writes, Executor executor) {
        // dropped on purpose
    }

    @Override
    public Optional<byte[]> get(String key) {
        return Optional.empty();
    }

    @Override
    public boolean exists(String key) {
        return false;
    }

    @Override
    public int deleteByPrefix(String prefix) {
        return 0;
    }

    @Override
    public URI signedUrl(String key, Duration ttl) {
        throw new UnsupportedOperationException("nothing is kept");
    }
}

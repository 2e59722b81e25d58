package dev.codeexec.executor.execution;

import dev.codeexec.executor.sandbox.BoxFile;
import java.util.List;
import java.util.Optional;

/**
 * Compiled artifacts by {@link CompileKey}. Bounded: old entries may vanish at any time, so a
 * miss is always possible. A damaged entry reads as a miss.
 */
public interface CompileCachePort {

    /** The artifacts stored under this key (names relative to the work dir), if present and intact. */
    Optional<List<BoxFile>> find(CompileKey key);

    /** Stores artifacts under this key; a failure to store is not an error of the submission. */
    void store(CompileKey key, List<BoxFile> artifacts);

    /** A cache that never holds anything (compile cache disabled). */
    static CompileCachePort none() {
        return new CompileCachePort() {
            @Override
            public Optional<List<BoxFile>> find(CompileKey key) {
                return Optional.empty();
            }

            @Override
            public void store(CompileKey key, List<BoxFile> artifacts) {
                // nothing kept
            }
        };
    }
}

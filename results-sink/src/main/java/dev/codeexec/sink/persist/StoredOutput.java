package dev.codeexec.sink.persist;

import java.util.Optional;

/**
 * How one output of one run is kept: inline bytes when small enough, the object key when it was
 * written to the object store (both may be present; empty outputs have neither).
 *
 * @param inline     the exact bytes, when they are kept in the row
 * @param sizeBytes  size of the output in bytes
 * @param truncated  the output passed its cap and was cut by the executor
 * @param objectKey  key in the object store, when it was written there
 */
public record StoredOutput(Optional<byte[]> inline, int sizeBytes, boolean truncated, Optional<String> objectKey) {
}

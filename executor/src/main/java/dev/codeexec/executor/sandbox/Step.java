package dev.codeexec.executor.sandbox;

import java.util.List;
import java.util.Optional;

/**
 * One command to run in a box. {@code argv} is never given to a shell. {@code collectDir}, when
 * present, names a directory of the work dir whose regular files are returned as artifacts
 * (compile outputs for the compile cache); symlinks there are never followed.
 */
public record Step(
        List<String> argv,
        byte[] stdin,
        long cpuTimeMs,
        long wallTimeMs,
        long outputBytes,
        long fileSizeBytes,
        Optional<String> collectDir) {
}

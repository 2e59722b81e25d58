package dev.codeexec.executor.sandbox;

import java.util.List;
import java.util.Optional;

/**
 * What a step did, measured. {@code exitCode} is present when the process exited, {@code signal}
 * (e.g. {@code SIGSEGV}) when a signal ended it. Outputs are the exact bytes, up to the cap.
 */
public record StepOutcome(
        Termination termination,
        Optional<Integer> exitCode,
        Optional<String> signal,
        long cpuTimeMs,
        long wallTimeMs,
        long memoryKb,
        byte[] stdout,
        byte[] stderr,
        boolean outputTruncated,
        List<BoxFile> artifacts) {
}

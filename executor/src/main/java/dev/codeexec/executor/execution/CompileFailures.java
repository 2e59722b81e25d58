package dev.codeexec.executor.execution;

import dev.codeexec.executor.sandbox.StepOutcome;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Says why a compile step failed, in words, or nothing when the compiler succeeded. */
final class CompileFailures {

    private static final int OUTPUT_HEAD_CHARS = 2000;

    private CompileFailures() {
    }

    static Optional<String> describe(StepOutcome step, RunLimits limits, byte[] output) {
        String reason = switch (step.termination()) {
            case CPU_LIMIT -> "compilation passed its CPU time limit of " + limits.cpuTimeMs() + " ms";
            case WALL_LIMIT -> "compilation passed its wall time limit of " + limits.wallTimeMs() + " ms";
            case MEMORY_LIMIT -> "compilation passed its memory limit of " + limits.memoryMb() + " MB";
            case OUTPUT_LIMIT -> "compiler output passed its limit of " + limits.outputKb() + " KB";
            case FILE_SIZE_LIMIT -> "a compiler output file passed the file size limit of " + limits.fileSizeKb() + " KB";
            case SIGNALLED -> "compiler killed by signal " + step.signal().orElse("(unknown)");
            case EXITED -> step.exitCode().orElse(0) == 0 ? null : "compiler exited with code " + step.exitCode().get();
        };
        if (reason == null) {
            return Optional.empty();
        }
        String text = new String(output, StandardCharsets.UTF_8).strip();
        if (!text.isEmpty()) {
            reason += ":\n" + (text.length() > OUTPUT_HEAD_CHARS ? text.substring(0, OUTPUT_HEAD_CHARS) + "..." : text);
        }
        return Optional.of(reason);
    }
}

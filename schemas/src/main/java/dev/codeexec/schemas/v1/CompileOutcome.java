package dev.codeexec.schemas.v1;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The compile step of a compiled language. {@code cached} is true when the compile cache served
 * the program and no compiler ran (then the measurements are zero and output empty).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CompileOutcome(
        boolean cached,
        Integer exitCode,
        String signal,
        long cpuTimeMs,
        long wallTimeMs,
        long memoryKb,
        Output output) {
}

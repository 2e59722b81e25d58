package dev.codeexec.schemas.v1;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Resource limits asked for by a submission. Each is optional; a missing one takes the server
 * default. A value over the server maximum is refused, never clamped.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Limits(
        Long cpuTimeMs,
        Long wallTimeMs,
        Long memoryMb,
        Long processes,
        Long outputKb,
        Long fileSizeKb) {

    /** No limits asked for: every one takes the server default. */
    public static Limits defaults() {
        return new Limits(null, null, null, null, null, null);
    }
}

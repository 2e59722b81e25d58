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

    /**
     * The maxima codeexec ships with. The executor refuses (REJECTED) and the API refuses (422)
     * anything above them; both default their configurable maxima to these, so they agree.
     */
    public static final Limits DEFAULT_MAXIMA = new Limits(10_000L, 15_000L, 1_024L, 256L, 1_024L, 65_536L);

    /** The most test cases a submission may carry unless configured otherwise. */
    public static final int DEFAULT_MAX_TEST_CASES = 50;

    /** No limits asked for: every one takes the server default. */
    public static Limits defaults() {
        return new Limits(null, null, null, null, null, null);
    }
}

package dev.codeexec.schemas;

import com.fasterxml.jackson.annotation.JsonValue;

/** Which clock a {@link Verdict#TIME_LIMIT_EXCEEDED} was measured on. */
public enum TimeLimitKind {
    CPU, WALL;

    @JsonValue
    public String json() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

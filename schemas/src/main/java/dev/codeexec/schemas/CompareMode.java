package dev.codeexec.schemas;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a program's stdout is compared with an expected output. */
public enum CompareMode {
    /** Byte for byte. */
    EXACT,
    /** Trailing whitespace on each line and trailing blank lines are ignored (the default). */
    TRIM;

    @JsonValue
    public String json() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

package dev.codeexec.launcher.cli;

import java.util.Arrays;

/**
 * The exit codes of {@code ./codeexec run}: 0 only when every program was ACCEPTED, 2-5 when the
 * command itself could not do its job, 10-16 for the verdict of the (first failing) program.
 */
enum ExitCode {
    ACCEPTED(0, "every program was ACCEPTED"),
    USAGE(2, "usage error: bad option, missing file, unknown extension or language, unreadable test cases"),
    STACK(3, "no stack answers at the address, the key was refused, or the API answered something unexpected"),
    REFUSED(4, "the API refused the submission (400, 413, 422, 429: the message names the field) or its verdict is REJECTED"),
    GAVE_UP(5, "no result within --timeout"),
    WRONG_ANSWER(10, "WRONG_ANSWER"),
    COMPILATION_ERROR(11, "COMPILATION_ERROR"),
    RUNTIME_ERROR(12, "RUNTIME_ERROR"),
    TIME_LIMIT_EXCEEDED(13, "TIME_LIMIT_EXCEEDED"),
    MEMORY_LIMIT_EXCEEDED(14, "MEMORY_LIMIT_EXCEEDED"),
    OUTPUT_LIMIT_EXCEEDED(15, "OUTPUT_LIMIT_EXCEEDED"),
    INTERNAL_ERROR(16, "INTERNAL_ERROR (codeexec could not run it; the detail says why)");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    int code() {
        return code;
    }

    String meaning() {
        return meaning;
    }

    /** The exit code of a verdict; REJECTED is {@link #REFUSED}, an unknown verdict {@link #STACK}. */
    static ExitCode forVerdict(String verdict) {
        if ("REJECTED".equals(verdict)) {
            return REFUSED;
        }
        return Arrays.stream(values()).filter(c -> c.code >= 10 || c == ACCEPTED)
                .filter(c -> c.name().equals(verdict)).findFirst().orElse(STACK);
    }

    /** The table printed by {@code --help}. */
    static String table() {
        StringBuilder text = new StringBuilder();
        for (ExitCode c : values()) {
            text.append(String.format("  %2d  %s%n", c.code, c.meaning));
        }
        return text.toString();
    }
}

package dev.codeexec.examples;

import java.util.List;

/** {@code --name value} command-line flags, enough for these examples without a library. */
record Args(List<String> values) {

    static Args of(String[] args) {
        return new Args(List.of(args));
    }

    /** The value after {@code name}, or {@code fallback} when the flag is absent. */
    String get(String name, String fallback) {
        int i = values.indexOf(name);
        return i >= 0 && i + 1 < values.size() ? values.get(i + 1) : fallback;
    }
}

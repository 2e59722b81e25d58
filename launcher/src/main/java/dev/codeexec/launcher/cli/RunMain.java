package dev.codeexec.launcher.cli;

import java.util.List;

/** The entry point of {@code ./codeexec run}; see {@link RunCommand}. */
public final class RunMain {

    private RunMain() {
    }

    public static void main(String[] args) {
        int code = new RunCommand(System.getenv(), System.in, System.out, System.err).run(List.of(args));
        System.out.flush();
        System.exit(code);
    }
}

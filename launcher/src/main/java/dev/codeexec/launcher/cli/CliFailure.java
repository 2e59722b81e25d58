package dev.codeexec.launcher.cli;

/** Why {@code ./codeexec run} stops before a verdict: the message for the user and the exit code. */
final class CliFailure extends RuntimeException {

    private final ExitCode exitCode;

    CliFailure(ExitCode exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    static CliFailure usage(String message) {
        return new CliFailure(ExitCode.USAGE, message);
    }

    ExitCode exitCode() {
        return exitCode;
    }
}

package dev.codeexec.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A process an earlier launcher started and left running when it was killed hard (kill -9): the
 * broker and PostgreSQL run in their own sessions, so they outlive it and keep their ports.
 */
final class LeftoverProcess {

    private LeftoverProcess() {
    }

    /** The live process named by the first line of {@code pidFile} (empty when the file is missing or unreadable). */
    static Optional<ProcessHandle> alive(Path pidFile) throws IOException {
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        String first = Files.readAllLines(pidFile).stream().findFirst().orElse("").strip();
        try {
            return ProcessHandle.of(Long.parseLong(first)).filter(ProcessHandle::isAlive);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Stops, with {@code stopper}, the live process of {@code pidFile} whose command line contains
     * every marker (a pid reused by an unrelated process is left alone), and says so.
     */
    static void stop(Path pidFile, String what, Consumer<ProcessHandle> stopper, String... markers) throws IOException {
        alive(pidFile)
                .filter(p -> p.info().commandLine().map(c -> java.util.Arrays.stream(markers).allMatch(c::contains))
                        .orElse(false))
                .ifPresent(p -> {
                    System.out.println("[codeexec] stopping a " + what + " left over from an earlier run (pid " + p.pid()
                            + ")");
                    stopper.accept(p);
                });
    }
}

package dev.codeexec.launcher.chaos;

import dev.codeexec.launcher.ProcessStack;
import dev.codeexec.launcher.ProcessStack.Part;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Injects one {@link Fault} into a running stack and heals it; answers when the fault is over. */
final class Faults {

    static final Duration BROKER_FROZEN = Duration.ofSeconds(70);
    static final Duration POSTGRES_DOWN = Duration.ofSeconds(20);
    static final Duration STORAGE_UNWRITABLE = Duration.ofSeconds(30);
    /** The executor's consumer session timeout is Kafka's default, 45 s; frozen 15 s past it. */
    static final Duration EXECUTOR_FROZEN = Duration.ofSeconds(60);

    private final ProcessStack stack;
    private final Consumer<String> log;
    private final boolean allowDockerdRestart;

    Faults(ProcessStack stack, Consumer<String> log, boolean allowDockerdRestart) {
        this.stack = stack;
        this.log = log;
        this.allowDockerdRestart = allowDockerdRestart;
    }

    /** Whether the row can run here; the reason it cannot otherwise. */
    Optional<String> skipReason(Fault fault) {
        if (fault == Fault.RESTART_DOCKERD && !allowDockerdRestart) {
            return Optional.of("skipped: restarts the machine's shared dockerd; run with --allow-dockerd-restart");
        }
        return Optional.empty();
    }

    /** Injects the fault, heals it (restart, SIGCONT, ...) and returns when the stack is whole again. */
    Instant inject(Fault fault) {
        switch (fault) {
            case NONE, POISON_RECORDS, POISON_OVERSIZED, HOSTILE_SUBMISSIONS -> {
                // the load is the fault
            }
            case KILL_EXECUTOR -> killAndRestart(Part.EXECUTOR_1);
            case KILL_SINK -> killAndRestart(Part.SINK);
            case KILL_API -> killAndRestart(Part.API);
            case KILL_BROKER -> killAndRestart(Part.BROKER);
            case KILL_POSTGRES -> killAndRestart(Part.POSTGRES);
            case FREEZE_BROKER -> frozen(Part.BROKER, BROKER_FROZEN);
            case FREEZE_EXECUTOR -> frozen(Part.EXECUTOR_1, EXECUTOR_FROZEN);
            case RESTART_POSTGRES -> {
                stack.stop(Part.POSTGRES);
                Driver.pause(POSTGRES_DOWN);
                stack.start(Part.POSTGRES);
            }
            case KILL_BOX -> killBusyBox();
            case STORAGE_UNWRITABLE -> {
                Path objects = stack.objectsDir();
                run("chattr", "-R", "+i", objects.toString());
                log.accept("object storage unwritable (chattr -R +i " + objects + ")");
                try {
                    Driver.pause(STORAGE_UNWRITABLE);
                } finally {
                    run("chattr", "-R", "-i", objects.toString());
                    log.accept("object storage writable again");
                }
            }
            case RESTART_DOCKERD -> restartDockerd();
        }
        return Instant.now();
    }

    private void killAndRestart(Part part) {
        stack.kill(part);
        stack.start(part);
    }

    private void frozen(Part part, Duration duration) {
        stack.freeze(part);
        try {
            Driver.pause(duration);
        } finally {
            stack.thaw(part);
        }
    }

    /** Kills (docker kill) a box of this stack that runs a program: more than its supervisor inside. */
    private void killBusyBox() {
        Instant giveUp = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(giveUp)) {
            for (String executor : stack.executorIds()) {
                for (String box : lines(run("docker", "ps", "-q", "--filter", "label=dev.codeexec.executor=" + executor))) {
                    List<String> processes = lines(runQuietly("docker", "top", box, "-eo", "pid"));
                    if (processes.size() > 2) { // a header line, the supervisor, and the program
                        run("docker", "kill", box);
                        log.accept("docker kill " + box + " (a box of " + executor + " running a program)");
                        return;
                    }
                }
            }
            Driver.pause(Duration.ofMillis(200));
        }
        throw new IllegalStateException("no box of this stack ran a program within 60 s");
    }

    private void restartDockerd() {
        String pid = run("pidof", "dockerd").trim().split("\\s+")[0];
        run("kill", "-TERM", pid);
        Instant giveUp = Instant.now().plusSeconds(60);
        while (ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false)) {
            if (Instant.now().isAfter(giveUp)) {
                throw new IllegalStateException("dockerd did not stop within 60 s");
            }
            Driver.pause(Duration.ofMillis(200));
        }
        try {
            new ProcessBuilder("setsid", "dockerd", "--iptables=false", "--ip-masq=false", "--bridge=none")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(stack.dataDir().resolve("dockerd.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        giveUp = Instant.now().plusSeconds(60);
        while (runQuietly("docker", "info", "--format", "{{.ID}}").isBlank()) {
            if (Instant.now().isAfter(giveUp)) {
                throw new IllegalStateException("dockerd did not answer within 60 s of its restart");
            }
            Driver.pause(Duration.ofMillis(500));
        }
        log.accept("dockerd restarted");
    }

    private static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                lines.add(line.strip());
            }
        }
        return lines;
    }

    /** Runs a command (argv, no shell); fails unless it exits 0. */
    static String run(String... command) {
        Result result = exec(command);
        if (result.exitCode != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (" + result.exitCode + "): " + result.output);
        }
        return result.output;
    }

    private static String runQuietly(String... command) {
        Result result = exec(command);
        return result.exitCode == 0 ? result.output : "";
    }

    private record Result(int exitCode, String output) {
    }

    private static Result exec(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, "timed out");
            }
            return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package dev.codeexec.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Node.js examples of {@code examples/node}, copied under {@code target/} with kafkajs
 * installed there (from npm's cache when it has it), so the source folder stays as committed.
 */
final class NodeExamples {

    private static final Path SOURCE = Path.of("..", "node").toAbsolutePath().normalize();
    private static final Path HOME = Path.of("target", "node-examples").toAbsolutePath();

    /** What one run of an example printed, and how it ended. */
    record Run(int exitCode, String output) {
    }

    private NodeExamples() {
    }

    static boolean nodeInstalled() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "node")) && Files.isExecutable(Path.of(dir, "npm"))) {
                return true;
            }
        }
        return false;
    }

    /** Copies the examples and installs their dependencies, once per build directory. */
    static void install() {
        try {
            Files.createDirectories(HOME);
            try (var files = Files.list(SOURCE)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".js") || f.endsWith("package.json")).toList()) {
                    Files.copy(file, HOME.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!Files.isDirectory(HOME.resolve("node_modules/kafkajs"))) {
            Run npm = run(Duration.ofMinutes(3), "npm", "install", "--no-package-lock", "--prefer-offline",
                    "--no-audit", "--no-fund", "--loglevel=error");
            if (npm.exitCode() != 0) {
                throw new IllegalStateException("npm install failed in " + HOME + ":\n" + npm.output());
            }
        }
    }

    /** Runs {@code command} in the examples' folder; its stdout and stderr go to one log file. */
    static Run run(Duration timeout, String... command) {
        try {
            Path log = Files.createTempFile(HOME, command[0] + "-", ".log");
            Process process = new ProcessBuilder(List.of(command)).directory(HOME.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            process.getOutputStream().close();
            boolean ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!ended) {
                process.destroyForcibly().waitFor();
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            return ended ? new Run(process.exitValue(), output) : new Run(-1, output + "\n(killed after " + timeout + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

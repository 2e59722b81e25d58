package dev.codeexec.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./codeexec run ARGS} as a user types it, in a working directory, against the stack whose
 * data directory is given (the address and key come from there, as after {@code ./codeexec up}).
 */
record CodeexecRun(int exitCode, String stdout, String stderr) {

    private static final Path REPO = Path.of("").toAbsolutePath().getParent();

    static CodeexecRun run(Path dataDir, Path workDir, String stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(REPO.resolve("codeexec").toString(), "run"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().put("CODEEXEC_DATA_DIR", dataDir.toString());
        builder.environment().remove("CODEEXEC_API_KEY");
        builder.environment().remove("CODEEXEC_API_URL");
        Process p = builder.start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).as(String.join(" ", command) + " ends").isTrue();
        CodeexecRun run = new CodeexecRun(p.exitValue(), out.get(), err.get());
        System.out.println("[codeexec run] " + String.join(" ", args) + " -> " + run.exitCode + "\n" + run.stderr
                + run.stdout);
        return run;
    }

    private static String read(java.io.InputStream stream) {
        try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

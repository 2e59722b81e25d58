package dev.codeexec.sink.support;

import dev.codeexec.testsupport.PostgresContainer;
import java.io.IOException;
import java.net.ServerSocket;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A real PostgreSQL 15 for one test class: a fresh database in the JVM's container from
 * {@code codeexec-postgres:1} ({@link PostgresContainer#shared()}), or a durable container of its own
 * for the benchmark. {@link #stop()} and {@link #startAgain()} stop and start the container itself
 * ({@code docker stop}/{@code start}), as an outage would, with the data and the JDBC URL kept.
 */
public final class TestDatabase implements AutoCloseable {

    private final PostgresContainer postgres;
    private final String jdbcUrl;
    private final boolean ownContainer;

    private TestDatabase(PostgresContainer postgres, String jdbcUrl, boolean ownContainer) {
        this.postgres = postgres;
        this.jdbcUrl = jdbcUrl;
        this.ownContainer = ownContainer;
    }

    /** A fresh database in the shared container: no fsync and {@code synchronous_commit=off}, fast for tests. */
    public static TestDatabase start() {
        PostgresContainer shared = PostgresContainer.shared();
        return new TestDatabase(shared, shared.newDatabase("sink"), false);
    }

    /** A container of its own with {@code fsync} and {@code synchronous_commit} on, as deployed (benchmarks). */
    public static TestDatabase startDurable() {
        PostgresContainer own = PostgresContainer.startDurable();
        return new TestDatabase(own, own.jdbcUrl(), true);
    }

    /** Stops the server ({@code docker stop}, fast shutdown): connections are refused until {@link #startAgain()}. */
    public void stop() {
        postgres.stop();
    }

    /** Starts the stopped server on the same port and data; returns once it accepts connections. */
    public void startAgain() {
        postgres.startAgain();
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String username() {
        return postgres.username();
    }

    public String password() {
        return postgres.password();
    }

    /** Points the application under test at this database ({@code spring.datasource.*}). */
    public void register(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", this::jdbcUrl);
        registry.add("spring.datasource.username", this::username);
        registry.add("spring.datasource.password", this::password);
    }

    /** Removes a container of its own; leaves the shared one running for the next test class. */
    @Override
    public void close() {
        if (ownContainer) {
            postgres.close();
        } else if (!postgres.isRunning()) {
            postgres.startAgain();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

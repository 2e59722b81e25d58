package dev.codeexec.testsupport;

import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * A real PostgreSQL 15 in a container from {@code codeexec-postgres:1} (Debian's postgresql-15, as
 * deployed). {@link #shared()} is one container per test JVM, started on first use and reused by
 * every test class, each of which takes a fresh database with {@link #newDatabase(String)}. The host
 * port is fixed at creation, so {@link #stop()} and {@link #startAgain()} are a real outage with the
 * data kept and the same JDBC URL before and after.
 */
public final class PostgresContainer implements AutoCloseable {

    public static final String IMAGE = "codeexec-postgres:1";
    private static final String USER = "codeexec";
    private static final String PASSWORD = "codeexec-tests";
    private static final String DATABASE = "codeexec";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    private static PostgresContainer shared;

    private final GenericContainer<?> container;
    private final int port;
    private final AtomicInteger databases = new AtomicInteger();

    private PostgresContainer(GenericContainer<?> container, int port) {
        this.container = container;
        this.port = port;
    }

    /** The JVM's container: no fsync and {@code synchronous_commit=off}, fast for tests. */
    public static synchronized PostgresContainer shared() {
        if (shared == null) {
            shared = start(false);
        }
        return shared;
    }

    /** A container of its own with {@code fsync} and {@code synchronous_commit} on, as deployed (benchmarks). */
    public static PostgresContainer startDurable() {
        return start(true);
    }

    @SuppressWarnings("resource")
    private static PostgresContainer start(boolean durable) {
        LocalImages.require(IMAGE);
        int port = FreePorts.next();
        String name = "codeexec-test-postgres-" + UUID.randomUUID().toString().substring(0, 8);
        GenericContainer<?> container = new GenericContainer<>(IMAGE)
                .withImagePullPolicy(LocalImages.NEVER_PULL)
                .withNetwork(Networks.shared())
                .withEnv(Map.of("POSTGRES_USER", USER, "POSTGRES_PASSWORD", PASSWORD, "POSTGRES_DB", DATABASE))
                .withLabel("dev.codeexec.test", "postgres")
                // SIGINT is PostgreSQL's fast shutdown: docker stop's SIGTERM would wait for every client to leave
                .withCreateContainerCmdModifier(cmd -> cmd.withName(name).withStopSignal("SIGINT"))
                .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*", 1)
                        .withStartupTimeout(START_TIMEOUT));
        if (!durable) {
            container.withCommand("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off");
        }
        container.setPortBindings(List.of("127.0.0.1:" + port + ":5432"));
        container.start();
        return new PostgresContainer(container, port);
    }

    /** The JDBC URL of the container's default database. */
    public String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public String username() {
        return USER;
    }

    public String password() {
        return PASSWORD;
    }

    /** Creates an empty database named after {@code prefix} (one per test class) and returns its JDBC URL. */
    public String newDatabase(String prefix) {
        String database = prefix.toLowerCase().replaceAll("[^a-z0-9_]", "_") + "_" + databases.incrementAndGet();
        try (Connection connection = DriverManager.getConnection(jdbcUrl(), USER, PASSWORD);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE \"" + database + "\"");
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the test database " + database, e);
        }
        return jdbcUrl(database);
    }

    /** A connection-per-call data source on {@code jdbcUrl} (no pool: every call sees the server as it is now). */
    public DataSource dataSource(String jdbcUrl) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(jdbcUrl);
        dataSource.setUser(USER);
        dataSource.setPassword(PASSWORD);
        return dataSource;
    }

    /** {@code docker stop}: the server shuts down and refuses connections; its data stays in the container. */
    public synchronized void stop() {
        docker().stopContainerCmd(container.getContainerId()).withTimeout(30).exec();
    }

    /** {@code docker start} of the stopped container, on the same port and data; returns once it accepts connections. */
    public synchronized void startAgain() {
        docker().startContainerCmd(container.getContainerId()).exec();
        await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
            try (Connection connection = DriverManager.getConnection(jdbcUrl(), USER, PASSWORD)) {
                return connection.isValid(1);
            }
        });
    }

    /** Whether the container is running (a test that stopped it can make sure it is back). */
    public boolean isRunning() {
        return Boolean.TRUE.equals(docker().inspectContainerCmd(container.getContainerId()).exec().getState().getRunning());
    }

    /** Removes the container and its data. */
    @Override
    public void close() {
        container.stop();
    }

    private static DockerClient docker() {
        return DockerClientFactory.instance().client();
    }
}

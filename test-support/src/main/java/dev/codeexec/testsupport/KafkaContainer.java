package dev.codeexec.testsupport;

import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * A real single-node KRaft broker (broker and controller in one process) in a container from
 * {@code codeexec-kafka:1}, the broker of the deployment, with replication factor 1 for every topic.
 * Clients on the host reach it at {@link #bootstrapServers()}: a listener published on a free
 * loopback port. Each call of {@link #start(int)} is a broker of its own: a test class that starts
 * an app with fixed topic and group names needs a broker no other test class uses. Test classes
 * that start no app and name their own groups, ids and records share {@link #shared()}.
 */
public final class KafkaContainer implements AutoCloseable {

    public static final String IMAGE = "codeexec-kafka:1";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private static KafkaContainer shared;

    private final GenericContainer<?> container;
    private final int port;

    private KafkaContainer(GenericContainer<?> container, int port) {
        this.container = container;
        this.port = port;
    }

    /** The JVM's broker for tests that start no app (one partition per created topic), started on first use. */
    public static synchronized KafkaContainer shared() {
        if (shared == null) {
            shared = start(1);
        }
        return shared;
    }

    /** Starts a broker whose automatically created topics have {@code partitions} partitions. */
    @SuppressWarnings("resource")
    public static KafkaContainer start(int partitions) {
        LocalImages.require(IMAGE);
        int port = FreePorts.next();
        String id = UUID.randomUUID().toString().substring(0, 8);
        String alias = "kafka-" + id;
        Map<String, String> env = new HashMap<>(Map.of(
                "KAFKA_NODE_ID", "1",
                "KAFKA_CLUSTER_ID", clusterId(),
                "KAFKA_QUORUM_VOTERS", "1@" + alias + ":9093",
                "KAFKA_ADVERTISED_HOST", alias,
                "KAFKA_EXTERNAL_ADDRESS", "127.0.0.1:" + port,
                "KAFKA_PARTITIONS", Integer.toString(partitions),
                "KAFKA_REPLICATION", "1",
                "KAFKA_MIN_ISR", "1",
                // a test broker: a small heap, and the quickest JVM start (C1 only, serial GC)
                "KAFKA_HEAP_OPTS", "-Xms64m -Xmx320m",
                "KAFKA_JVM_OPTS", "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k"));
        GenericContainer<?> container = new GenericContainer<>(IMAGE)
                .withImagePullPolicy(LocalImages.NEVER_PULL)
                .withNetwork(Networks.shared())
                .withNetworkAliases(alias)
                .withEnv(env)
                .withLabel("dev.codeexec.test", "kafka")
                .withCreateContainerCmdModifier(cmd -> cmd.withName("codeexec-test-" + alias).withHostName(alias))
                .waitingFor(Wait.forLogMessage(".*Kafka Server started.*", 1).withStartupTimeout(START_TIMEOUT));
        container.setPortBindings(List.of("127.0.0.1:" + port + ":19092"));
        container.start();
        return new KafkaContainer(container, port);
    }

    /** {@code host:port} of the published listener, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /**
     * Freezes the broker (the container's processes stop, as with {@code kill -STOP}): connections
     * stay open and what clients send waits in the socket, unanswered, until {@link #resume()}.
     */
    public void freeze() {
        container.getDockerClient().pauseContainerCmd(container.getContainerId()).exec();
    }

    /** Lets a {@link #freeze() frozen} broker go on with what it was sent meanwhile. */
    public void resume() {
        container.getDockerClient().unpauseContainerCmd(container.getContainerId()).exec();
    }

    /** Removes the broker and its data (the shared one stays until the JVM exits). */
    @Override
    public void close() {
        if (this != shared) {
            container.stop();
        }
    }

    /**
     * KRaft cluster ids: 16 random bytes in unpadded base64url (22 characters), never starting with
     * '-', which the broker's storage tool would take for an option (one start in 64 failed so).
     */
    static String clusterId() {
        byte[] bytes = new byte[16];
        ThreadLocalRandom.current().nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        return id.startsWith("-") ? "A" + id.substring(1) : id;
    }
}

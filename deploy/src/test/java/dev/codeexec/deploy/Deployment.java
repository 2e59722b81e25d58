package dev.codeexec.deploy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Volume;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * The topology of {@code docker-compose.yml}, container by container: the same images, the same
 * settings (3 brokers, replication 3, min.insync.replicas 2, the services on one network), with
 * executors added and any container killed at will. Each broker also has a listener published on a
 * free loopback port, so the test reaches the cluster as an outside producer or consumer would.
 */
final class Deployment implements AutoCloseable {

    static final Duration START_TIMEOUT = Duration.ofMinutes(8);
    static final String EXECUTOR_LABEL = "dev.codeexec.executor";

    private final String run = "deploy-it-" + UUID.randomUUID().toString().substring(0, 8);
    private final String apiKey = UUID.randomUUID().toString();
    private final int partitions;
    private final int slotsPerExecutor;
    private final Network network = Network.newNetwork();
    private final List<GenericContainer<?>> brokers = new ArrayList<>();
    private final List<Integer> brokerPorts = new ArrayList<>();
    private final List<GenericContainer<?>> executors = new java.util.concurrent.CopyOnWriteArrayList<>();
    private GenericContainer<?> postgres;
    private GenericContainer<?> api;
    private GenericContainer<?> sink;

    private Deployment(int partitions, int slotsPerExecutor) {
        this.partitions = partitions;
        this.slotsPerExecutor = slotsPerExecutor;
    }

    /** Starts the brokers and PostgreSQL, then the API, the sink and {@code executors} executors. */
    static Deployment start(int partitions, int executors, int slotsPerExecutor) {
        Deployment d = new Deployment(partitions, slotsPerExecutor);
        try {
            d.startInfrastructure();
            d.api = d.service("ingest-api", "codeexec-ingest-api:1", 8080).withEnv(d.apiEnvironment());
            d.sink = d.service("results-sink", "codeexec-results-sink:1", 8081).withEnv(d.sinkEnvironment());
            List<GenericContainer<?>> toStart = new ArrayList<>(List.of(d.api, d.sink));
            IntStream.range(0, executors).forEach(i -> toStart.add(d.newExecutor()));
            startAll(toStart);
            return d;
        } catch (RuntimeException e) {
            d.close();
            throw e;
        }
    }

    private void startInfrastructure() {
        String clusterId = Base64Ids.clusterId();
        String voters = "1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093";
        for (int node = 1; node <= 3; node++) {
            int port = freePort();
            String alias = "kafka-" + node;
            Map<String, String> env = new java.util.HashMap<>(Map.of("KAFKA_NODE_ID", Integer.toString(node),
                    "KAFKA_CLUSTER_ID", clusterId, "KAFKA_QUORUM_VOTERS", voters, "KAFKA_ADVERTISED_HOST", alias,
                    "KAFKA_EXTERNAL_ADDRESS", "localhost:" + port, "KAFKA_PARTITIONS", Integer.toString(partitions),
                    "KAFKA_REPLICATION", "3", "KAFKA_MIN_ISR", "2"));
            // the lightest JVM settings: this machine's two cores start eight JVMs at once
            env.put("KAFKA_HEAP_OPTS", "-Xms128m -Xmx384m");
            env.put("KAFKA_JVM_OPTS", "-XX:+UseSerialGC -XX:TieredStopAtLevel=1");
            GenericContainer<?> broker = container("codeexec-kafka:1", alias).withEnv(env);
            broker.setPortBindings(List.of(port + ":19092"));
            brokers.add(broker);
            brokerPorts.add(port);
        }
        postgres = container("codeexec-postgres:1", "postgres")
                .withEnv(Map.of("POSTGRES_PASSWORD", "deploy-it", "POSTGRES_USER", "codeexec", "POSTGRES_DB", "codeexec"))
                .withCommand("-c", "fsync=off", "-c", "synchronous_commit=off");
        List<GenericContainer<?>> all = new ArrayList<>(brokers);
        all.add(postgres);
        startAll(all);
    }

    /** Starts every container at once (the common pool of a 2-core machine would start them one by one). */
    private static void startAll(List<GenericContainer<?>> containers) {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(containers.size());
        try {
            java.util.concurrent.CompletableFuture.allOf(containers.stream()
                    .map(c -> java.util.concurrent.CompletableFuture.runAsync(c::start, pool))
                    .toArray(java.util.concurrent.CompletableFuture[]::new)).join();
        } finally {
            pool.shutdown();
        }
    }

    private GenericContainer<?> container(String image, String alias) {
        String name = "codeexec-" + run + "-" + alias;
        return new GenericContainer<>(image)
                .withNetwork(network)
                .withNetworkAliases(alias)
                .withCreateContainerCmdModifier(cmd -> cmd.withName(name).withHostName(alias))
                .withLabel("codeexec.deploy-it", run)
                .waitingFor(Wait.forHealthcheck().withStartupTimeout(START_TIMEOUT));
    }

    private GenericContainer<?> service(String alias, String image, int port) {
        return container(image, alias).withExposedPorts(port);
    }

    private Map<String, String> kafkaClient() {
        return Map.of(
                "SPRING_KAFKA_BOOTSTRAP_SERVERS", "kafka-1:9092,kafka-2:9092,kafka-3:9092",
                "SPRING_KAFKA_PRODUCER_ACKS", "all",
                "SPRING_KAFKA_CONSUMER_PROPERTIES_SESSION_TIMEOUT_MS", "10000",
                "SPRING_KAFKA_CONSUMER_PROPERTIES_HEARTBEAT_INTERVAL_MS", "2000",
                "JAVA_TOOL_OPTIONS", "-Xmx320m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k");
    }

    private Map<String, String> database() {
        return Map.of(
                "SPRING_DATASOURCE_URL", "jdbc:postgresql://postgres:5432/codeexec",
                "SPRING_DATASOURCE_USERNAME", "codeexec",
                "SPRING_DATASOURCE_PASSWORD", "deploy-it");
    }

    private Map<String, String> apiEnvironment() {
        Map<String, String> env = new java.util.HashMap<>(kafkaClient());
        env.putAll(database());
        env.putAll(Map.of(
                "CODEEXEC_API_KEY", apiKey,
                "CODEEXEC_API_PARTITIONS", Integer.toString(partitions),
                "CODEEXEC_API_REPLICATION_FACTOR", "3",
                "CODEEXEC_API_STORAGE_KIND", "postgres",
                "CODEEXEC_API_STORAGE_LINK_SECRET", "deploy-it-link-secret"));
        return env;
    }

    private Map<String, String> sinkEnvironment() {
        Map<String, String> env = new java.util.HashMap<>(kafkaClient());
        env.putAll(database());
        env.putAll(Map.of(
                "CODEEXEC_SINK_PARTITIONS", Integer.toString(partitions),
                "CODEEXEC_SINK_REPLICATION_FACTOR", "3",
                "CODEEXEC_SINK_STORAGE_KIND", "postgres",
                "CODEEXEC_SINK_WEBHOOKS_SECRET", "deploy-it-webhook-secret"));
        return env;
    }

    private GenericContainer<?> newExecutor() {
        String id = run + "-executor-" + (executors.size() + 1);
        Map<String, String> env = new java.util.HashMap<>(kafkaClient());
        env.putAll(Map.of(
                "CODEEXEC_EXECUTOR_EXECUTOR_ID", id,
                "CODEEXEC_EXECUTOR_PARTITIONS", Integer.toString(partitions),
                "CODEEXEC_EXECUTOR_REPLICATION_FACTOR", "3",
                "CODEEXEC_EXECUTOR_SLOTS", Integer.toString(slotsPerExecutor)));
        GenericContainer<?> executor = container("codeexec-executor:1", "executor-" + (executors.size() + 1))
                // the socket is bound on the create command itself: a bind given to Testcontainers
                // makes it first check that files can be mounted by starting alpine:3.17, which is
                // pulled (and, on a machine without a registry, retried for two minutes) for nothing
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withBinds(
                        new Bind("/var/run/docker.sock", new Volume("/var/run/docker.sock"))))
                .withEnv(env);
        executors.add(executor);
        return executor;
    }

    /** Starts one more executor and returns once it is healthy (its consumer may still be joining). */
    GenericContainer<?> addExecutor() {
        GenericContainer<?> executor = newExecutor();
        executor.start();
        return executor;
    }

    /** {@code docker kill}: SIGKILL, no shutdown hook, no leaving the consumer group. */
    static void kill(GenericContainer<?> container) {
        DockerClientFactory.instance().client().killContainerCmd(container.getContainerId()).exec();
    }

    String bootstrapServers() {
        return String.join(",", brokerPorts.stream().map(p -> "localhost:" + p).toList());
    }

    String apiUrl() {
        return "http://localhost:" + api.getMappedPort(8080) + "/api/v1";
    }

    String apiKey() {
        return apiKey;
    }

    int partitions() {
        return partitions;
    }

    List<GenericContainer<?>> brokers() {
        return brokers;
    }

    List<GenericContainer<?>> executors() {
        return executors;
    }

    /** The executor id (its boxes' label and the results' executorId) of {@code executor}. */
    String executorId(GenericContainer<?> executor) {
        return run + "-executor-" + (executors.indexOf(executor) + 1);
    }

    /** Stops every container of this run, the runner boxes its executors left behind, and the network. */
    @Override
    public void close() {
        Stream.of(executors.stream(), Stream.of(api, sink, postgres), brokers.stream()).flatMap(s -> s)
                .filter(c -> c != null)
                .forEach(c -> {
                    try {
                        c.stop();
                    } catch (RuntimeException ignored) {
                        // already gone (killed and removed): nothing to stop
                    }
                });
        DockerClient docker = DockerClientFactory.instance().client();
        for (Container box : docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(EXECUTOR_LABEL)).exec()) {
            String owner = box.getLabels().getOrDefault(EXECUTOR_LABEL, "");
            if (owner.startsWith(run + "-")) {
                try {
                    docker.removeContainerCmd(box.getId()).withForce(true).withRemoveVolumes(true).exec();
                } catch (RuntimeException ignored) {
                    // removed meanwhile by its executor
                }
            }
        }
        try {
            network.close();
        } catch (RuntimeException ignored) {
            // a container still attached keeps it; nothing else depends on it
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * KRaft cluster ids: 16 random bytes in unpadded base64url (22 characters), never starting with
     * '-', which the broker's storage tool would take for an option.
     */
    static final class Base64Ids {
        static String clusterId() {
            byte[] bytes = new byte[16];
            ThreadLocalRandom.current().nextBytes(bytes);
            String id = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            return id.startsWith("-") ? "A" + id.substring(1) : id;
        }
    }
}

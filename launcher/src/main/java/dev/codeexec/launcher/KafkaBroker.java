package dev.codeexec.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node Kafka broker in KRaft mode, run as a child process of the launcher over the
 * kafka_2.13 jars. Its storage lives under the data directory and is formatted once.
 */
final class KafkaBroker implements AutoCloseable {

    /** Records up to this size are accepted (outputs can be large). */
    static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Path SETSID = Path.of("/usr/bin/setsid");
    private static final String LOGS_DIR_FLAG = "-Dkafka.logs.dir=";

    private final Path dir;
    private final int port;
    private final int controllerPort;
    private final int partitions;
    private Process process;

    KafkaBroker(Path dir, int port, int controllerPort, int partitions) {
        this.dir = dir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.partitions = partitions;
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** The broker's process id (it runs in its own session, so this is the JVM itself). */
    long pid() {
        if (process == null) {
            throw new IllegalStateException("the broker is not running");
        }
        return process.pid();
    }

    /** Formats the storage on first use, starts the broker and waits until it answers. */
    KafkaBroker start() {
        try {
            stopLeftover();
            LocalPorts.requireFree(port, "CODEEXEC_KAFKA_PORT");
            LocalPorts.requireFree(controllerPort, "CODEEXEC_KAFKA_PORT (the controller uses the next port)");
            Path logDirs = dir.resolve("logs");
            Files.createDirectories(logDirs);
            Path config = dir.resolve("server.properties");
            Files.writeString(config, serverProperties(logDirs), StandardCharsets.UTF_8);
            Path log4j = dir.resolve("log4j2.properties");
            Files.writeString(log4j, log4jProperties(), StandardCharsets.UTF_8);
            String classpath = BrokerClasspath.resolve();
            if (!Files.exists(logDirs.resolve("meta.properties"))) {
                format(classpath, config, log4j);
            }
            process = java(classpath, log4j, List.of("kafka.Kafka", config.toString()))
                    .redirectOutput(dir.resolve("broker.out").toFile())
                    .start();
            Files.writeString(dir.resolve("broker.pid"), Long.toString(process.pid()));
            awaitReady();
            return this;
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("could not start the Kafka broker (see " + dir + ")", e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void format(String classpath, Path config, Path log4j) throws IOException {
        Process format = java(classpath, log4j, List.of("kafka.tools.StorageTool", "format",
                "-t", Uuid.randomUuid().toString(), "-c", config.toString(), "--ignore-formatted"))
                .redirectOutput(dir.resolve("format.out").toFile())
                .start();
        try {
            if (!format.waitFor(2, TimeUnit.MINUTES) || format.exitValue() != 0) {
                format.destroyForcibly();
                throw new IllegalStateException("formatting Kafka storage failed: "
                        + Files.readString(dir.resolve("format.out")));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while formatting Kafka storage", e);
        }
    }

    private ProcessBuilder java(String classpath, Path log4j, List<String> mainAndArgs) {
        List<String> command = new ArrayList<>();
        // Its own session: Ctrl-C in the terminal reaches the whole foreground process group, and
        // the broker must outlive the services' shutdown (they commit and leave their groups).
        if (Files.isExecutable(SETSID)) {
            command.add(SETSID.toString());
        }
        // C1 only: on a small machine the C2 compiler cost more than it saved (README, throughput)
        command.addAll(List.of(
                javaBinary(), "-Xms128m", "-Xmx768m", "-XX:+UseG1GC", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + log4j.toUri(),
                LOGS_DIR_FLAG + dir,
                "-cp", classpath));
        command.addAll(mainAndArgs);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // The child must not inherit settings meant for the launcher (e.g. JAVA_TOOL_OPTIONS agents).
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        return builder;
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Kafka broker exited with code " + process.exitValue()
                        + "; last lines of " + dir.resolve("broker.log") + ":\n" + tail(dir.resolve("broker.log")));
            }
            if (portOpen()) {
                try (Admin admin = Admin.create(config)) {
                    admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
                    return;
                } catch (Exception notYet) {
                    // keep waiting until the deadline
                }
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the Kafka broker did not answer within " + START_TIMEOUT.toSeconds()
                        + " s; see " + dir.resolve("broker.log"));
            }
            pause();
        }
    }

    private boolean portOpen() {
        try (var socket = new java.net.Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100); // polling a child process: there is nothing to wait on but time
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
        }
    }

    /** A broker left behind by a launcher that was killed hard (kill -9) still holds the ports. */
    private void stopLeftover() throws IOException {
        Path pidFile = dir.resolve("broker.pid");
        // the JDK cuts long command lines: match the marker near their start, not the main class
        LeftoverProcess.stop(pidFile, "Kafka broker", KafkaBroker::stop, LOGS_DIR_FLAG + dir);
        Files.deleteIfExists(pidFile);
    }

    private String serverProperties(Path logDirs) {
        return String.join("\n",
                "# written by the codeexec launcher at every start",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + logDirs,
                "num.partitions=" + partitions,
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=" + partitions,
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=" + partitions,
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "message.max.bytes=" + MAX_MESSAGE_BYTES,
                "replica.fetch.max.bytes=" + MAX_MESSAGE_BYTES,
                "log.retention.hours=168",
                "")
                + "\n";
    }

    private String log4jProperties() {
        String file = dir.resolve("broker.log").toString();
        return String.join("\n",
                "appender.file.type=RollingFile",
                "appender.file.name=file",
                "appender.file.fileName=" + file,
                "appender.file.filePattern=" + file + ".%i",
                "appender.file.layout.type=PatternLayout",
                "appender.file.layout.pattern=[%d] %p %m (%c)%n",
                "appender.file.policies.type=Policies",
                "appender.file.policies.size.type=SizeBasedTriggeringPolicy",
                "appender.file.policies.size.size=20MB",
                "appender.file.strategy.type=DefaultRolloverStrategy",
                "appender.file.strategy.max=3",
                "rootLogger.level=INFO",
                "rootLogger.appenderRef.file.ref=file",
                "")
                + "\n";
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops the broker: a clean shutdown first (SIGTERM), a kill after 20 s. */
    @Override
    public void close() {
        if (process != null) {
            stop(process.toHandle());
            process = null;
            try {
                Files.deleteIfExists(dir.resolve("broker.pid"));
            } catch (IOException ignored) {
                // the next start checks whether the pid is still a broker
            }
        }
    }

    private static void stop(ProcessHandle handle) {
        handle.destroy();
        try {
            handle.onExit().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            handle.destroyForcibly();
            try {
                handle.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // nothing more can be done
            }
        }
    }
}

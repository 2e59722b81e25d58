package dev.codeexec.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The pipeline as separate OS processes on loopback, for fault tests: a Kafka broker, PostgreSQL,
 * the sink, two executors and the API, each on free ports and each individually killable
 * ({@code kill -9}), stoppable ({@code SIGSTOP}/{@code SIGCONT}) and restartable over the same data.
 * The broker and PostgreSQL are the standalone mode's own ({@link KafkaBroker},
 * {@link EmbeddedDatabase}); each service runs in a {@link ServiceProcess} with the arguments of
 * {@link Services#arguments}.
 */
public final class ProcessStack implements AutoCloseable {

    /** The processes of the stack, in start order. */
    public enum Part {
        POSTGRES("postgres"), BROKER("broker"), SINK("sink"), EXECUTOR_1("executor-1"), EXECUTOR_2("executor-2"),
        API("api");

        private final String label;

        Part(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        boolean isService() {
            return this != POSTGRES && this != BROKER;
        }
    }

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private final DataDirectory dataDir;
    private final int partitions;
    private final Consumer<String> log;
    private final String stackId;
    private final Map<Part, Integer> ports = new EnumMap<>(Part.class);
    private final Map<Part, Process> services = new EnumMap<>(Part.class);
    private final String apiKey;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private EmbeddedDatabase database;
    private KafkaBroker broker;

    public ProcessStack(Path dataDir, int partitions, Consumer<String> log) {
        this.dataDir = new DataDirectory(dataDir.toAbsolutePath().normalize());
        this.partitions = partitions;
        this.log = log;
        this.stackId = StandalonePipeline.executorId(this.dataDir.root()).replace("standalone-", "chaos-");
        this.apiKey = this.dataDir.apiKey();
        ports.put(Part.POSTGRES, LocalPorts.anyFree());
        ports.put(Part.BROKER, LocalPorts.anyFreePair());
        for (Part part : List.of(Part.SINK, Part.EXECUTOR_1, Part.EXECUTOR_2, Part.API)) {
            ports.put(part, LocalPorts.anyFree());
        }
    }

    /** Starts every process in order and waits until each answers; on failure stops what started. */
    public synchronized ProcessStack start() {
        try {
            for (Part part : Part.values()) {
                if (part.isService()) {
                    launch(part);
                } else {
                    start(part);
                }
            }
            for (Part part : List.of(Part.SINK, Part.EXECUTOR_1, Part.EXECUTOR_2, Part.API)) {
                awaitHealthy(part);
            }
            return this;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Starts one process (again) over the same data and ports, and waits until it answers. */
    public synchronized void start(Part part) {
        long t0 = System.nanoTime();
        switch (part) {
            case POSTGRES -> database = startDatabase();
            case BROKER -> {
                broker = new KafkaBroker(dataDir.dir("kafka"), ports.get(Part.BROKER), ports.get(Part.BROKER) + 1,
                        partitions).start();
                TopicSetup.createTopics(broker.bootstrapServers(), partitions);
            }
            default -> {
                launch(part);
                awaitHealthy(part);
            }
        }
        log.accept(String.format("%s is up (%.1f s)", part.label(), (System.nanoTime() - t0) / 1e9));
    }

    /**
     * PostgreSQL killed hard leaves backends that exit on their own within moments; until then the
     * old shared memory is in use and a start fails, so a start is tried a few times.
     */
    private EmbeddedDatabase startDatabase() {
        RuntimeException last = null;
        for (int attempt = 0; attempt < 10; attempt++) {
            try {
                return new EmbeddedDatabase(dataDir.dir("postgres"), ports.get(Part.POSTGRES)).start();
            } catch (RuntimeException e) {
                last = e;
                OsProcesses.pause(Duration.ofSeconds(1));
            }
        }
        throw last;
    }

    private void launch(Part part) {
        List<String> command = new ArrayList<>(List.of(OsProcesses.javaBinary()));
        command.addAll(List.of(System.getenv().getOrDefault("CODEEXEC_CHAOS_JAVA_OPTS",
                "-Xms64m -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1").trim().split("\\s+")));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ServiceProcess.class.getName(),
                serviceName(part)));
        command.addAll(Services.arguments(serviceName(part), wiring(part),
                dataDir.dir("logs").resolve(part.label() + ".log")));
        command.addAll(Services.storageArguments(serviceName(part), wiring(part)));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.dir("logs").resolve(part.label() + ".out").toFile()));
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        try {
            services.put(part, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + part.label(), e);
        }
    }

    private static String serviceName(Part part) {
        return switch (part) {
            case SINK -> Services.SINK;
            case EXECUTOR_1, EXECUTOR_2 -> Services.EXECUTOR;
            case API -> Services.API;
            default -> throw new IllegalArgumentException(part + " is not a service");
        };
    }

    private Services.Wiring wiring(Part part) {
        return new Services.Wiring(bootstrapServers(), jdbcUrl(), EmbeddedDatabase.USER,
                dataDir.dir("objects"), dataDir.dir("work").resolve(part.label()), dataDir.dir("logs").resolve("unused.log"),
                apiKey, dataDir.linkSecret(), part == Part.EXECUTOR_2 ? executorIds().get(1) : executorIds().get(0),
                partitions, ports.get(Part.API), ports.get(Part.SINK), ports.get(part));
    }

    private void awaitHealthy(Part part) {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        Process process = services.get(part);
        while (!healthy(part)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(part.label() + " exited with code " + process.exitValue() + "; see "
                        + dataDir.root().resolve("logs").resolve(part.label() + ".out"));
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(part.label() + " was not healthy within " + READY_TIMEOUT.toSeconds() + " s");
            }
            OsProcesses.pause(Duration.ofMillis(250));
        }
    }

    /** Whether a service's health endpoint answers UP (200). */
    public boolean healthy(Part part) {
        try {
            HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + ports.get(part) + "/actuator/health"))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return answer.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The process id of a running part. */
    public synchronized long pid(Part part) {
        return switch (part) {
            case POSTGRES -> database.pid();
            case BROKER -> broker.pid();
            default -> services.get(part).pid();
        };
    }

    /** {@code kill -9}, then waits until the process is gone. */
    public void kill(Part part) {
        long pid = pid(part);
        OsProcesses.signal(pid, "KILL");
        ProcessHandle.of(pid).ifPresent(p -> {
            try {
                p.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(part.label() + " did not die", e);
            }
        });
        synchronized (this) {
            switch (part) {
                case POSTGRES -> {
                    // its pg_ctl stop fails (nothing runs), but it releases the data directory's file
                    // lock, which a new start in this JVM would otherwise trip over
                    database.close();
                    database = null;
                }
                case BROKER -> broker = null;
                default -> services.remove(part);
            }
        }
        log.accept(part.label() + " killed (kill -9 " + pid + ")");
    }

    /** {@code SIGSTOP}: the process stays, frozen, holding its sockets and its group membership. */
    public void freeze(Part part) {
        OsProcesses.signal(pid(part), "STOP");
        log.accept(part.label() + " frozen (SIGSTOP)");
    }

    /** {@code SIGCONT} after {@link #freeze}. */
    public void thaw(Part part) {
        OsProcesses.signal(pid(part), "CONT");
        log.accept(part.label() + " resumed (SIGCONT)");
    }

    /** A clean stop: SIGTERM for a service (Spring's shutdown), a fast shutdown for PostgreSQL and the broker. */
    public synchronized void stop(Part part) {
        boolean wasRunning = switch (part) {
            case POSTGRES -> {
                EmbeddedDatabase running = database;
                database = null;
                if (running != null) {
                    running.close();
                }
                yield running != null;
            }
            case BROKER -> {
                KafkaBroker running = broker;
                broker = null;
                if (running != null) {
                    running.close();
                }
                yield running != null;
            }
            default -> {
                Process process = services.remove(part);
                if (process != null) {
                    process.destroy();
                    try {
                        if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                yield process != null;
            }
        };
        if (wasRunning) {
            log.accept(part.label() + " stopped");
        }
    }

    /** Starts again whatever is not running (after a fault that could not be healed), in start order. */
    public synchronized void startMissing() {
        for (Part part : Part.values()) {
            boolean running = switch (part) {
                case POSTGRES -> database != null;
                case BROKER -> broker != null;
                default -> services.containsKey(part) && services.get(part).isAlive();
            };
            if (!running) {
                services.remove(part);
                start(part);
            }
        }
    }

    /** Stops the services cleanly, API first and sink last, leaving the broker and PostgreSQL up. */
    public void stopServices() {
        for (Part part : List.of(Part.API, Part.EXECUTOR_2, Part.EXECUTOR_1, Part.SINK)) {
            stop(part);
        }
    }

    /** The ids of the two executors; their boxes carry them in the label {@code dev.codeexec.executor}. */
    public List<String> executorIds() {
        return List.of(stackId + "-1", stackId + "-2");
    }

    /** How many boxes of this stack's executors exist right now (running or not). */
    public int boxCount() {
        int count = 0;
        for (String id : executorIds()) {
            count += BoxJanitor.leftoverBoxes(id).size();
        }
        return count;
    }

    public String apiBaseUrl() {
        return "http://127.0.0.1:" + ports.get(Part.API);
    }

    public String apiKey() {
        return apiKey;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + ports.get(Part.BROKER);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + ports.get(Part.POSTGRES) + "/" + EmbeddedDatabase.DATABASE;
    }

    public String jdbcUser() {
        return EmbeddedDatabase.USER;
    }

    public Path dataDir() {
        return dataDir.root();
    }

    public Path objectsDir() {
        return dataDir.dir("objects");
    }

    public int partitions() {
        return partitions;
    }

    /** Stops everything (services first), removes this stack's boxes, then the broker and PostgreSQL. */
    @Override
    public synchronized void close() {
        for (Part part : List.of(Part.API, Part.EXECUTOR_2, Part.EXECUTOR_1, Part.SINK)) {
            Process process = services.get(part);
            if (process != null && process.isAlive()) {
                // a frozen process cannot act on SIGTERM
                ProcessHandle.of(process.pid()).ifPresent(p -> OsProcesses.signal(p.pid(), "CONT"));
            }
            stop(part);
        }
        for (String id : executorIds()) {
            BoxJanitor.removeLeftoverBoxes(id);
        }
        if (broker != null) {
            ProcessHandle.of(broker.pid()).ifPresent(p -> OsProcesses.signal(p.pid(), "CONT"));
        }
        stop(Part.BROKER);
        stop(Part.POSTGRES);
    }
}

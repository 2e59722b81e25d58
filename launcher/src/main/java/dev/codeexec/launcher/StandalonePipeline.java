package dev.codeexec.launcher;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The whole pipeline on this machine: broker, PostgreSQL, topics, then the services. Used by
 * {@link Standalone} and by the end-to-end tests. {@link #close()} stops everything in reverse
 * order and removes leftover sandbox containers; it is safe to call more than once.
 */
public final class StandalonePipeline implements AutoCloseable {

    private final StandaloneSettings settings;
    private final DataDirectory dataDir;
    private final String apiKey;
    private final String executorId;
    private KafkaBroker broker;
    private EmbeddedDatabase database;
    private Services services;
    /** Set by {@link #close()}: a Ctrl-C during start-up stops at the next step, not after all of them. */
    private volatile boolean stopping;

    public StandalonePipeline(StandaloneSettings settings) {
        this.settings = settings;
        this.dataDir = new DataDirectory(settings.dataDir());
        this.apiKey = settings.apiKey().orElseGet(dataDir::apiKey);
        this.executorId = executorId(settings.dataDir());
    }

    /**
     * The same id at every start over the same data directory: the executor removes boxes that an
     * earlier run left behind, and its transactional id fences a zombie of that run.
     */
    static String executorId(Path dataDir) {
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(dataDir.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "standalone-" + java.util.HexFormat.of().formatHex(hash, 0, 4);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String executorId() {
        return executorId;
    }

    /** Starts everything; on failure stops what was started and rethrows. */
    public synchronized StandalonePipeline start(Consumer<String> progress) {
        try {
            long t0 = System.nanoTime();
            database = new EmbeddedDatabase(dataDir.dir("postgres"), settings.postgresPort()).start();
            progress.accept(String.format("PostgreSQL is up on port %d (%.1f s)", settings.postgresPort(), since(t0)));
            checkNotStopping();
            long t1 = System.nanoTime();
            broker = new KafkaBroker(dataDir.dir("kafka"), settings.kafkaPort(), settings.kafkaControllerPort(),
                    settings.partitions()).start();
            TopicSetup.createTopics(broker.bootstrapServers(), settings.partitions());
            progress.accept(String.format("Kafka is up on %s, topics ready with %d partitions (%.1f s)",
                    broker.bootstrapServers(), settings.partitions(), since(t1)));
            checkNotStopping();
            services = new Services(() -> stopping);
            services.start(new Services.Wiring(
                    broker.bootstrapServers(), database.jdbcUrl(), EmbeddedDatabase.USER,
                    dataDir.dir("objects"), dataDir.dir("work"), dataDir.dir("logs").resolve("services.log"),
                    apiKey, dataDir.linkSecret(), executorId, settings.partitions(),
                    settings.apiPort(), settings.sinkPort(), settings.executorPort()), progress);
            dataDir.publishApiUrl(apiBaseUrl());
            return this;
        } catch (RuntimeException | LinkageError e) {
            close();
            throw e;
        }
    }

    private void checkNotStopping() {
        if (stopping) {
            throw new IllegalStateException("stopped while starting");
        }
    }

    private static double since(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    public String apiBaseUrl() {
        return "http://127.0.0.1:" + settings.apiPort();
    }

    public String apiKey() {
        return apiKey;
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public String jdbcUrl() {
        return database.jdbcUrl();
    }

    public String jdbcUser() {
        return EmbeddedDatabase.USER;
    }

    public Path dataDir() {
        return dataDir.root();
    }

    public StandaloneSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        stopping = true;
        synchronized (this) {
            stopAll();
        }
    }

    private void stopAll() {
        dataDir.withdrawApiUrl();
        if (services != null) {
            services.close();
            services = null;
        }
        int boxes = BoxJanitor.removeLeftoverBoxes(executorId);
        if (boxes > 0) {
            System.out.println("[codeexec] removed " + boxes + " leftover sandbox container(s)");
        }
        if (broker != null) {
            broker.close();
            broker = null;
        }
        if (database != null) {
            database.close();
            database = null;
        }
    }
}

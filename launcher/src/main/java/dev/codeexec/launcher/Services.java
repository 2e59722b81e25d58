package dev.codeexec.launcher;

import dev.codeexec.api.IngestApiApplication;
import dev.codeexec.executor.ExecutorApplication;
import dev.codeexec.sink.ResultsSinkApplication;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * The three services, each a Spring Boot application in this JVM, started through its own
 * {@code builder()} (which sets {@code spring.config.name} to the module name, so their
 * configuration files never clash). The launcher's settings are passed as command-line arguments:
 * they win over the modules' defaults. Storage settings are not arguments: they sit below the
 * environment, so {@code CODEEXEC_SINK_STORAGE_KIND=gcs} and the GCS settings take effect, and the
 * store each service uses is reported at start-up.
 */
final class Services implements AutoCloseable {

    /** What one service needs from the launcher. */
    record Wiring(
            String bootstrapServers, String jdbcUrl, String jdbcUser,
            Path objectsDir, Path workDir, Path logFile,
            String apiKey, String linkSecret, String executorId, int partitions,
            int apiPort, int sinkPort, int executorPort) {
    }

    /** The services by name (their {@code spring.config.name}). */
    static final String SINK = "results-sink";
    static final String EXECUTOR = "executor";
    static final String API = "ingest-api";

    private final List<Started> started = new ArrayList<>();
    private final BooleanSupplier stopping;

    Services(BooleanSupplier stopping) {
        this.stopping = stopping;
    }

    private record Started(String name, ConfigurableApplicationContext context) {
    }

    /** Starts the sink (it migrates the schema), then the executor, then the API. */
    void start(Wiring w, Consumer<String> progress) {
        Map<String, Object> storage = storageDefaults(w);
        for (String name : List.of(SINK, EXECUTOR, API)) {
            start(name, builder(name), progress, arguments(name, w, w.logFile()),
                    name.equals(EXECUTOR) ? Map.of() : storage);
        }
        String written = describeStore(started.get(0).context().getEnvironment(), "codeexec.sink.storage");
        String served = describeStore(started.get(2).context().getEnvironment(), "codeexec.api.storage");
        progress.accept("outputs: the sink writes them to " + written + ", the API serves them from " + served);
        if (!written.equals(served)) {
            progress.accept("WARNING: the API does not read the store the sink writes: set CODEEXEC_API_STORAGE_* "
                    + "like CODEEXEC_SINK_STORAGE_*");
        }
    }

    /** The standalone store (files under the data directory), unless the environment chooses another. */
    static Map<String, Object> storageDefaults(Wiring w) {
        return Map.of(
                "codeexec.sink.storage.kind", "local",
                "codeexec.sink.storage.local.root", w.objectsDir().toString(),
                "codeexec.api.storage.kind", "local",
                "codeexec.api.storage.local.root", w.objectsDir().toString(),
                "codeexec.api.storage.link-secret", w.linkSecret());
    }

    /** The storage defaults as arguments, for a service run as its own process ({@link ProcessStack}). */
    static List<String> storageArguments(String name, Wiring w) {
        String prefix = name.equals(SINK) ? "codeexec.sink." : name.equals(API) ? "codeexec.api." : null;
        if (prefix == null) {
            return List.of();
        }
        return storageDefaults(w).entrySet().stream()
                .filter(e -> e.getKey().startsWith(prefix))
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .sorted()
                .toList();
    }

    /**
     * Adds {@code defaults} just below the environment: environment variables and system properties
     * win over them, and they win over the module's own configuration file.
     */
    static ApplicationContextInitializer<ConfigurableApplicationContext> standaloneDefaults(String name,
            Map<String, Object> defaults) {
        return context -> context.getEnvironment().getPropertySources().addAfter(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new MapPropertySource("codeexec-standalone-" + name, defaults));
    }

    /** Which store the settings under {@code prefix} select, in words. */
    static String describeStore(Environment environment, String prefix) {
        String kind = environment.getProperty(prefix + ".kind", "local").strip().toLowerCase(Locale.ROOT);
        if (kind.equals("gcs")) {
            String endpoint = environment.getProperty(prefix + ".gcs.endpoint", "");
            return "GCS bucket " + environment.getProperty(prefix + ".gcs.bucket", "codeexec-outputs")
                    + (endpoint.isBlank() ? "" : " at " + endpoint);
        }
        if (kind.equals("local")) {
            return "local files under " + environment.getProperty(prefix + ".local.root", "(the module default)");
        }
        return "the '" + kind + "' store";
    }

    /** The Spring Boot application of one service, by name. */
    static Supplier<SpringApplicationBuilder> builder(String name) {
        return switch (name) {
            case SINK -> ResultsSinkApplication::builder;
            case EXECUTOR -> ExecutorApplication::builder;
            case API -> IngestApiApplication::builder;
            default -> throw new IllegalArgumentException("unknown service '" + name + "' (" + SINK + ", "
                    + EXECUTOR + ", " + API + ")");
        };
    }

    /**
     * The command-line arguments of one service: the one home of the wiring, used in this JVM and by
     * {@link ServiceProcess} when each service runs as its own process.
     */
    static List<String> arguments(String name, Wiring w, Path logFile) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.kafka.bootstrap-servers=" + w.bootstrapServers(),
                "--spring.main.banner-mode=off",
                "--server.address=127.0.0.1",
                // the services log to a file; the console keeps warnings and the launcher's own lines
                "--logging.file.name=" + logFile,
                "--logging.threshold.console=WARN"));
        List<String> database = List.of(
                "--spring.datasource.url=" + w.jdbcUrl(),
                "--spring.datasource.username=" + w.jdbcUser(),
                "--spring.datasource.password=",
                // milliseconds: a duration text such as "5s" does not bind to Hikari's long
                "--spring.datasource.hikari.connection-timeout=5000");
        // springdoc is on the shared class path for the API; the other services must not serve it
        List<String> noApiDocs = List.of("--springdoc.api-docs.enabled=false", "--springdoc.swagger-ui.enabled=false");
        switch (name) {
            case SINK -> {
                args.addAll(database);
                args.addAll(noApiDocs);
                args.addAll(List.of(
                        "--server.port=" + w.sinkPort(),
                        "--codeexec.sink.partitions=" + w.partitions()));
            }
            case EXECUTOR -> {
                args.addAll(noApiDocs);
                args.addAll(List.of(
                        "--server.port=" + w.executorPort(),
                        "--codeexec.executor.partitions=" + w.partitions(),
                        "--codeexec.executor.executor-id=" + w.executorId(),
                        "--codeexec.executor.compile-cache.dir=" + w.workDir().resolve("compile-cache")));
            }
            case API -> {
                args.addAll(database);
                args.addAll(List.of(
                        "--server.port=" + w.apiPort(),
                        "--codeexec.api.partitions=" + w.partitions(),
                        "--codeexec.api.key=" + w.apiKey(),
                        "--codeexec.api.public-url=http://localhost:" + w.apiPort()));
            }
            default -> throw new IllegalArgumentException("unknown service '" + name + "'");
        }
        return args;
    }

    private void start(String name, Supplier<SpringApplicationBuilder> builder,
            Consumer<String> progress, List<String> args, Map<String, Object> defaults) {
        if (stopping.getAsBoolean()) {
            throw new IllegalStateException("stopped while starting");
        }
        long t0 = System.nanoTime();
        ConfigurableApplicationContext context = builder.get()
                .initializers(standaloneDefaults(name, defaults))
                .registerShutdownHook(false) // the launcher's own hook stops the services in order
                .run(args.toArray(String[]::new));
        started.add(new Started(name, context));
        progress.accept(String.format("%s started in %.1f s", name, (System.nanoTime() - t0) / 1e9));
    }

    /** Stops the services in reverse order: the API first (no new work), the sink last. */
    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            Started s = started.get(i);
            try {
                s.context().close();
            } catch (RuntimeException e) {
                System.err.println("[codeexec] " + s.name() + " did not stop cleanly: " + e);
            }
        }
        started.clear();
    }
}

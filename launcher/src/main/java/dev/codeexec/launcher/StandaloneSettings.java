package dev.codeexec.launcher;

import dev.codeexec.schemas.Topics;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the standalone mode needs to know, with defaults that need no configuration. Each
 * value can be overridden by an environment variable named in {@link #fromEnvironment}.
 *
 * @param dataDir where the broker, PostgreSQL, the object store and the API key live
 * @param apiKey the API key, or empty to use (or generate) the one kept in the data dir
 */
public record StandaloneSettings(
        Path dataDir,
        int apiPort,
        int sinkPort,
        int executorPort,
        int kafkaPort,
        int kafkaControllerPort,
        int postgresPort,
        int partitions,
        Optional<String> apiKey) {

    public StandaloneSettings {
        if (partitions < 1) {
            throw new IllegalArgumentException("CODEEXEC_PARTITIONS must be at least 1, was " + partitions);
        }
        dataDir = dataDir.toAbsolutePath().normalize();
    }

    /**
     * Reads {@code CODEEXEC_DATA_DIR} (default {@code defaultDataDir}), {@code CODEEXEC_API_PORT}
     * (8080), {@code CODEEXEC_SINK_PORT} (8081), {@code CODEEXEC_EXECUTOR_PORT} (8082),
     * {@code CODEEXEC_KAFKA_PORT} (9092; the controller uses the port after it),
     * {@code CODEEXEC_POSTGRES_PORT} (5433), {@code CODEEXEC_PARTITIONS} (6) and
     * {@code CODEEXEC_API_KEY}.
     */
    public static StandaloneSettings fromEnvironment(Map<String, String> env, Path defaultDataDir) {
        int kafkaPort = port(env, "CODEEXEC_KAFKA_PORT", 9092);
        return new StandaloneSettings(
                Path.of(env.getOrDefault("CODEEXEC_DATA_DIR", defaultDataDir.toString())),
                port(env, "CODEEXEC_API_PORT", 8080),
                port(env, "CODEEXEC_SINK_PORT", 8081),
                port(env, "CODEEXEC_EXECUTOR_PORT", 8082),
                kafkaPort,
                kafkaPort + 1,
                port(env, "CODEEXEC_POSTGRES_PORT", 5433),
                number(env, "CODEEXEC_PARTITIONS", Topics.DEFAULT_PARTITIONS),
                Optional.ofNullable(env.get("CODEEXEC_API_KEY")).filter(k -> !k.isBlank()));
    }

    /**
     * A stack on loopback ports that were free a moment ago, with a generated API key: for tests and
     * tools that start their own stack next to a running one (the examples' tests do).
     */
    public static StandaloneSettings onFreePorts(Path dataDir, int partitions) {
        int kafkaPort = LocalPorts.anyFreePair();
        // a port just released may be handed out again: take four that differ from each other and the broker's
        java.util.Set<Integer> taken = new java.util.LinkedHashSet<>(java.util.List.of(kafkaPort, kafkaPort + 1));
        while (taken.size() < 6) {
            taken.add(LocalPorts.anyFree());
        }
        int[] ports = taken.stream().skip(2).mapToInt(Integer::intValue).toArray();
        return new StandaloneSettings(dataDir, ports[0], ports[1], ports[2], kafkaPort, kafkaPort + 1, ports[3],
                partitions, Optional.empty());
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        int port = number(env, name, fallback);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(name + " must be a TCP port, was " + port);
        }
        return port;
    }

    private static int number(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, was '" + value + "'");
        }
    }
}

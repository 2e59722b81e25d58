package dev.codeexec.executor.docker;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Plain settings of the Docker sandbox (no Spring): the executor turns its properties into one.
 *
 * @param dockerHost        Docker endpoint, e.g. {@code unix:///var/run/docker.sock}
 * @param apiVersion        Docker API version to speak ({@code 1.41} = dockerd 20.10)
 * @param executorId        stamped on every box as label {@code dev.codeexec.executor}; boxes of this
 *                          id are removed by {@link DockerSandbox#removeOrphans()}
 * @param labels            extra labels on every box
 * @param tmpDirMb          size of the box's {@code /tmp} tmpfs
 * @param cpus              CPU quota per box (1.0 = one CPU)
 * @param openFiles         RLIMIT_NOFILE of the box and of every step
 * @param supervisorMemoryMb memory added to a box's limit for the boxrun supervisor (tiny, static)
 * @param user              uid:gid programs run as (the images' {@code runner} user)
 * @param startTimeout      how long a new box may take to answer "ready"
 * @param stepGrace         how long past a step's wall limit the host waits for the report
 * @param removeInBackground remove closed boxes on a background thread (they are already dead: boxrun
 *                          was told to quit), keeping the ~80 ms force-remove off the critical path
 * @param warmPool          warm, never-used boxes kept per image (empty: none)
 * @param warmSpec          limits the warm boxes are created with (memory and processes are updated
 *                          to a request's own on take; a different work dir size goes cold)
 * @param reuseSteps        steps a container serves before it is removed (each step runs in a fresh
 *                          inner sandbox of boxrun; 1 = a container per box)
 * @param idleBoxesPerShape closed boxes kept running per image and limits for the next submission
 */
public record DockerSandboxSettings(
        String dockerHost,
        String apiVersion,
        String executorId,
        Map<String, String> labels,
        long tmpDirMb,
        double cpus,
        int openFiles,
        long supervisorMemoryMb,
        String user,
        Duration startTimeout,
        Duration stepGrace,
        boolean removeInBackground,
        Map<String, Integer> warmPool,
        WarmSpec warmSpec,
        int reuseSteps,
        int idleBoxesPerShape) {

    /** Limits of pre-created warm boxes. */
    public record WarmSpec(long memoryMb, long processes, long workDirMb) {
    }

    public static final String BOX_LABEL = "dev.codeexec.box";
    public static final int DEFAULT_REUSE_STEPS = 200;
    public static final int DEFAULT_IDLE_BOXES = 4;
    public static final String EXECUTOR_LABEL = "dev.codeexec.executor";
    /**
     * The executors that may clean up each other's boxes: one consumer group on one Kafka cluster
     * ({@code <cluster id>/<group id>}); set through {@code labels} when known.
     */
    public static final String FLEET_LABEL = "dev.codeexec.fleet";

    public DockerSandboxSettings {
        Objects.requireNonNull(dockerHost, "dockerHost");
        Objects.requireNonNull(executorId, "executorId");
        labels = Map.copyOf(labels);
        warmPool = Map.copyOf(warmPool);
        if (cpus <= 0 || tmpDirMb <= 0 || openFiles <= 0 || supervisorMemoryMb < 0) {
            throw new IllegalArgumentException("cpus, tmpDirMb, openFiles must be positive");
        }
        if (reuseSteps < 1 || idleBoxesPerShape < 0) {
            throw new IllegalArgumentException("reuseSteps must be at least 1 and idleBoxesPerShape not negative");
        }
    }

    /** The settings with boxes removed in the background (the default). */
    public DockerSandboxSettings(String dockerHost, String apiVersion, String executorId, Map<String, String> labels,
                                 long tmpDirMb, double cpus, int openFiles, long supervisorMemoryMb, String user,
                                 Duration startTimeout, Duration stepGrace, Map<String, Integer> warmPool,
                                 WarmSpec warmSpec) {
        this(dockerHost, apiVersion, executorId, labels, tmpDirMb, cpus, openFiles, supervisorMemoryMb, user,
                startTimeout, stepGrace, true, warmPool, warmSpec, DEFAULT_REUSE_STEPS, DEFAULT_IDLE_BOXES);
    }

    /** Defaults that work on a stock engine: DOCKER_HOST or the local socket, no warm pool. */
    public static DockerSandboxSettings defaults() {
        String host = System.getenv("DOCKER_HOST");
        return new DockerSandboxSettings(
                host == null || host.isBlank() ? "unix:///var/run/docker.sock" : host,
                "1.41", "executor", Map.of(), 16, 1.0, 256, 4, "10001:10001",
                Duration.ofSeconds(15), Duration.ofSeconds(5), true, Map.of(), new WarmSpec(256, 64, 64),
                DEFAULT_REUSE_STEPS, DEFAULT_IDLE_BOXES);
    }

    public DockerSandboxSettings withExecutorId(String id) {
        return new DockerSandboxSettings(dockerHost, apiVersion, id, labels, tmpDirMb, cpus, openFiles,
                supervisorMemoryMb, user, startTimeout, stepGrace, removeInBackground, warmPool, warmSpec, reuseSteps,
                idleBoxesPerShape);
    }

    public DockerSandboxSettings withLabels(Map<String, String> extra) {
        return new DockerSandboxSettings(dockerHost, apiVersion, executorId, extra, tmpDirMb, cpus, openFiles,
                supervisorMemoryMb, user, startTimeout, stepGrace, removeInBackground, warmPool, warmSpec, reuseSteps,
                idleBoxesPerShape);
    }

    public DockerSandboxSettings withWarmPool(Map<String, Integer> sizes, WarmSpec spec) {
        return new DockerSandboxSettings(dockerHost, apiVersion, executorId, labels, tmpDirMb, cpus, openFiles,
                supervisorMemoryMb, user, startTimeout, stepGrace, removeInBackground, sizes, spec, reuseSteps,
                idleBoxesPerShape);
    }

    /** The settings with another reuse policy ({@code reuseSteps} 1: every box a new container). */
    public DockerSandboxSettings withReuse(int steps, int idleBoxes) {
        return new DockerSandboxSettings(dockerHost, apiVersion, executorId, labels, tmpDirMb, cpus, openFiles,
                supervisorMemoryMb, user, startTimeout, stepGrace, removeInBackground, warmPool, warmSpec, steps,
                idleBoxes);
    }
}

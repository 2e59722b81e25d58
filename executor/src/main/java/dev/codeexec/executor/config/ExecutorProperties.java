package dev.codeexec.executor.config;

import dev.codeexec.executor.execution.ExecutionPolicy;
import dev.codeexec.executor.execution.RunLimits;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Configuration of the executor, prefix {@code codeexec.executor}. Every property has a default
 * that makes the standalone mode work with no configuration. Limit groups left out, or partly
 * given, take the defaults field by field.
 */
@ConfigurationProperties("codeexec.executor")
@Validated
public record ExecutorProperties(
        /* Name in results, status events, transactional ids, static group membership and box labels;
           default host name + pid. Give each instance a stable one so a restart fences and takes over
           from its dead incarnation at once (see KafkaConfiguration). */
        String executorId,
        /* Submissions run at once; default the number of CPUs. */
        @Positive Integer slots,
        @DefaultValue("6") @Min(1) int partitions,
        @DefaultValue("1") @Min(1) @Max(Short.MAX_VALUE) int replicationFactor,
        @DefaultValue("codeexec-executor") @NotBlank String groupId,
        /* Default dev.codeexec.schemas.v1.Limits.DEFAULT_MAX_TEST_CASES, shared with the API. */
        @Min(1) Integer maxTestCases,
        @DefaultValue("64") @Min(1) long workDirMb,
        /* What all outputs together may cost one result record, in encoded bytes (JSON escapes and
           base64 counted); the rest is cut and flagged, so a result always fits a Kafka record
           (1 MB by default; the result's encoder also cuts outputs of a record still too large). */
        @DefaultValue("512") @Min(0) @Max(768) long maxResultOutputKb,
        @Valid Limits defaultLimits,
        @Valid Limits maxLimits,
        @Valid Limits compileLimits,
        @Valid @DefaultValue CompileCache compileCache,
        /* Submission records one consumer thread takes per poll and runs one after the other, with
           their results committed in one Kafka transaction; 1 = a transaction per submission. A
           result waits for its whole batch. */
        @DefaultValue("8") @Min(1) @Max(64) int batchSize,
        /* Ids of the submissions whose results this executor committed that it remembers, so that
           a second record of one (a client's keyed retry racing a record a stalled broker appended
           late) is skipped, not run again; 0 = remember none. */
        @DefaultValue("16384") @Min(0) int recentIds,
        /* Pre-started containers kept per language by the Docker sandbox. */
        @DefaultValue("1") @Min(0) int warmPoolSize,
        /* Steps (compiles and test cases, each in a fresh inner sandbox) a box container serves
           before it is removed; 1 = a new container for every submission. */
        @DefaultValue("200") @Min(1) int reuseSteps,
        /* Docker endpoint; default DOCKER_HOST, else unix:///var/run/docker.sock. */
        String dockerHost,
        /* CPU quota of one box (1.0 = one CPU). */
        @DefaultValue("1.0") @Positive double boxCpus,
        /* transaction.timeout.ms of the result transaction, which opens when the result is sent
           (after the run), so it bounds a commit, not a run. */
        @DefaultValue("30000") @Min(1000) long transactionTimeoutMs,
        /* session.timeout.ms of the submissions consumer: how long a dead executor that is not
           restarted holds its partitions. */
        @DefaultValue("10000") @Min(3000) long sessionTimeoutMs,
        /* Age after which a box of an executor that is no member of the group is removed by the
           other executors on its engine. */
        @DefaultValue("300000") @Min(0) long goneExecutorGraceMs) {

    public static final Limits DEFAULT_LIMITS = new Limits(2_000L, 5_000L, 256L, 64L, 64L, 1_024L);
    public static final Limits MAX_LIMITS = Limits.of(dev.codeexec.schemas.v1.Limits.DEFAULT_MAXIMA);
    public static final Limits COMPILE_LIMITS = new Limits(10_000L, 20_000L, 1_024L, 64L, 1_024L, 131_072L);

    public ExecutorProperties {
        executorId = executorId == null || executorId.isBlank() ? defaultExecutorId() : executorId;
        slots = slots == null ? Runtime.getRuntime().availableProcessors() : slots;
        maxTestCases = maxTestCases == null ? dev.codeexec.schemas.v1.Limits.DEFAULT_MAX_TEST_CASES : maxTestCases;
        defaultLimits = Limits.orElse(defaultLimits, DEFAULT_LIMITS);
        maxLimits = Limits.orElse(maxLimits, MAX_LIMITS);
        compileLimits = Limits.orElse(compileLimits, COMPILE_LIMITS);
    }

    /** The domain's view of these settings; throws when they contradict each other. */
    public ExecutionPolicy policy() {
        return new ExecutionPolicy(executorId, defaultLimits.toRunLimits(), maxLimits.toRunLimits(),
                compileLimits.toRunLimits(), maxTestCases, workDirMb, maxResultOutputKb * 1024);
    }

    /** One group of limits; a missing field takes the matching field of the built-in group. */
    public record Limits(
            @Positive Long cpuTimeMs,
            @Positive Long wallTimeMs,
            @Positive Long memoryMb,
            @Positive Long processes,
            @Positive Long outputKb,
            @Positive Long fileSizeKb) {

        static Limits of(dev.codeexec.schemas.v1.Limits l) {
            return new Limits(l.cpuTimeMs(), l.wallTimeMs(), l.memoryMb(), l.processes(), l.outputKb(), l.fileSizeKb());
        }

        static Limits orElse(Limits given, Limits fallback) {
            if (given == null) {
                return fallback;
            }
            return new Limits(
                    given.cpuTimeMs != null ? given.cpuTimeMs : fallback.cpuTimeMs,
                    given.wallTimeMs != null ? given.wallTimeMs : fallback.wallTimeMs,
                    given.memoryMb != null ? given.memoryMb : fallback.memoryMb,
                    given.processes != null ? given.processes : fallback.processes,
                    given.outputKb != null ? given.outputKb : fallback.outputKb,
                    given.fileSizeKb != null ? given.fileSizeKb : fallback.fileSizeKb);
        }

        RunLimits toRunLimits() {
            return new RunLimits(cpuTimeMs, wallTimeMs, memoryMb, processes, outputKb, fileSizeKb);
        }
    }

    /** The on-disk compile cache. {@code dir} defaults to {@code <tmp>/codeexec/compile-cache}. */
    public record CompileCache(
            @DefaultValue("true") boolean enabled,
            Path dir,
            @DefaultValue("512") @Min(1) long maxSizeMb) {

        public CompileCache {
            dir = dir != null ? dir : Path.of(System.getProperty("java.io.tmpdir"), "codeexec", "compile-cache");
        }
    }

    private static String defaultExecutorId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "executor";
        }
        String id = host + "-" + ManagementFactory.getRuntimeMXBean().getPid();
        return id.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}

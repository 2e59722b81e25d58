package dev.codeexec.sink.config;

import dev.codeexec.storage.ObjectStoreSettings;
import dev.codeexec.storage.StorageKind;
import dev.codeexec.storage.gcs.GcsSettings;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the results sink ({@code codeexec.sink.*}). The defaults run the embedded
 * standalone mode with no configuration: local object storage under the data directory.
 *
 * @param partitions        partitions of the topics the sink declares
 * @param replicationFactor replication factor of those topics
 * @param groupId           consumer group of the persisting listeners
 * @param concurrency       consumer threads per listener
 * @param inlineOutputKb    outputs up to this size are also kept in the row; larger ones only in the store
 * @param retry             back-off while PostgreSQL or storage is down (retried forever)
 * @param poison            retries of a record whose data PostgreSQL refuses, before its dead-letter topic
 * @param storage           where outputs go
 * @param retention         how long submissions, their rows and outputs are kept
 * @param reaper            finishing submissions that are past their deadline and that no executor holds
 * @param stats             the Kafka Streams analytics
 * @param webhooks          delivery of results to their callbackUrl
 */
@Validated
@ConfigurationProperties("codeexec.sink")
public record SinkProperties(
        @DefaultValue("6") @Min(1) int partitions,
        @DefaultValue("1") @Min(1) @Max(Short.MAX_VALUE) int replicationFactor,
        @DefaultValue("codeexec-results-sink") @NotBlank String groupId,
        @DefaultValue("2") @Min(1) int concurrency,
        @DefaultValue("64") @Min(0) int inlineOutputKb,
        @DefaultValue @Valid Retry retry,
        @DefaultValue @Valid Poison poison,
        @DefaultValue @Valid Storage storage,
        @DefaultValue @Valid Retention retention,
        @DefaultValue @Valid Reaper reaper,
        @DefaultValue @Valid Stats stats,
        @DefaultValue @Valid Webhooks webhooks) {

    /**
     * @param enabled        deliver webhooks
     * @param groupId        consumer group of the delivering listener (separate from persistence)
     * @param secret         HMAC-SHA256 key receivers verify signatures with (at least 16 bytes); empty: random
     * @param maxAttempts    attempts per delivery, the first included
     * @param initialBackoff wait before the second attempt; doubles per attempt
     * @param maxBackoff     longest wait between attempts (keep it under max.poll.interval.ms)
     * @param timeout        connect and response timeout of one attempt
     * @param allowedHosts   host names allowed even when they resolve to private or loopback addresses
     * @param parkAfter      the retry and dead-letter topics' consumers stop fetching (stay in their
     *                       group, paused) after this long with nothing to read; 0 keeps them fetching
     * @param parkCheck      how often those topics are checked for records a parked consumer must read
     */
    public record Webhooks(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("codeexec-webhooks") @NotBlank String groupId,
            @DefaultValue("") String secret,
            @DefaultValue("6") @Min(1) int maxAttempts,
            @DefaultValue("1s") @NotNull Duration initialBackoff,
            @DefaultValue("60s") @NotNull Duration maxBackoff,
            @DefaultValue("10s") @NotNull Duration timeout,
            @DefaultValue List<String> allowedHosts,
            @DefaultValue("30s") @NotNull Duration parkAfter,
            @DefaultValue("5s") @NotNull Duration parkCheck) {
    }

    /**
     * @param enabled        run the analytics topology
     * @param applicationId  Kafka Streams application id (its consumer group and internal topic prefix)
     * @param commitInterval how often windows are emitted and progress committed
     * @param stateDir       state directory; empty for a fresh temporary one (state is rebuilt from changelogs)
     */
    public record Stats(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("codeexec-stats") @NotBlank String applicationId,
            @DefaultValue("5s") @NotNull Duration commitInterval,
            @DefaultValue("") String stateDir) {
    }

    /**
     * @param days      submissions finished more than this many days ago are deleted; 0 keeps everything
     * @param interval  how often the job runs
     * @param batchSize submissions deleted per transaction
     */
    public record Retention(
            @DefaultValue("30") @Min(0) int days,
            @DefaultValue("1h") @NotNull Duration interval,
            @DefaultValue("500") @Min(1) int batchSize) {
    }

    /**
     * @param enabled         run the reaper
     * @param interval        how often it runs
     * @param margin          how long past its deadline a submission may be before the reaper looks at it
     * @param defaultBound    the deadline, after creation, of a submission produced straight to Kafka (no
     *                        deadline of its own): 50 test cases at the 15 s wall-time maximum plus compiling
     * @param slack           producer retries and clock skew between machines allowed for when comparing times
     * @param batchSize       submissions looked at per run
     * @param executorGroupId the executors' consumer group, whose progress on the submissions topic is read
     */
    public record Reaper(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("30s") @NotNull Duration interval,
            @DefaultValue("2m") @NotNull Duration margin,
            @DefaultValue("15m") @NotNull Duration defaultBound,
            @DefaultValue("2m") @NotNull Duration slack,
            @DefaultValue("100") @Min(1) int batchSize,
            @DefaultValue("codeexec-executor") @NotBlank String executorGroupId) {
    }

    /** Exponential back-off between attempts while a dependency is down; there is no last attempt. */
    public record Retry(
            @DefaultValue("200ms") @NotNull Duration initialInterval,
            @DefaultValue("2.0") @Min(1) double multiplier,
            @DefaultValue("5s") @NotNull Duration maxInterval) {

        /** This back-off, unbounded in attempts (a dependency's outage is waited out). */
        public ExponentialBackOff backOff() {
            ExponentialBackOff backOff = new ExponentialBackOff(initialInterval.toMillis(), multiplier);
            backOff.setMaxInterval(maxInterval.toMillis());
            return backOff;
        }
    }

    /**
     * @param attempts attempts to store a record the database refuses (the first included), then
     *                 it goes to its dead-letter topic
     * @param interval wait between those attempts
     */
    public record Poison(
            @DefaultValue("3") @Min(1) int attempts,
            @DefaultValue("1s") @NotNull Duration interval) {
    }

    /**
     * @param kind  {@code local} (default), {@code postgres} or {@code gcs}
     * @param local the local-filesystem store
     * @param gcs   the Google Cloud Storage store
     * @param writeConcurrency object writes in flight at once (they mostly wait for fsync or the network)
     */
    public record Storage(
            @DefaultValue("local") @NotNull StorageKind kind,
            @DefaultValue("16") @Min(1) int writeConcurrency,
            @DefaultValue @Valid Local local,
            @DefaultValue @Valid Gcs gcs) {

        /** The storage module's settings of this store. */
        public ObjectStoreSettings settings() {
            return new ObjectStoreSettings(kind, local.root(), gcs.settings());
        }
    }

    /** @param root directory that holds the objects (the API serving local links must read the same one) */
    public record Local(@DefaultValue("data/objects") @NotNull Path root) {
    }

    /**
     * @param bucket    bucket holding the objects
     * @param projectId Google Cloud project (a {@code demo-*} id for emulators)
     * @param endpoint  endpoint override for emulators, e.g. {@code http://127.0.0.1:9199}; empty for real GCS
     * @param timeout   connect and read timeout of one call, and the time the client retries one call
     * @param signingKeyFile a service-account JSON key to sign URLs with; empty to use the default credentials
     */
    public record Gcs(
            @DefaultValue("codeexec-outputs") @NotBlank String bucket,
            @DefaultValue("") String projectId,
            @DefaultValue("") String endpoint,
            @DefaultValue("10s") @NotNull Duration timeout,
            @DefaultValue("") String signingKeyFile) {

        /** The settings of the storage module's GCS adapter. */
        public GcsSettings settings() {
            return new GcsSettings(bucket, optional(projectId).map(String::strip),
                    optional(endpoint).map(URI::create), timeout, optional(signingKeyFile).map(Path::of));
        }

        private static Optional<String> optional(String value) {
            return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
        }
    }

    /** Outputs up to this many bytes are kept inline in the row. */
    public int inlineOutputBytes() {
        return inlineOutputKb * 1024;
    }
}

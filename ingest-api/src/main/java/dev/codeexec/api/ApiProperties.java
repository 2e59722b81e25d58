package dev.codeexec.api;

import dev.codeexec.schemas.v1.Limits;
import dev.codeexec.storage.ObjectStoreSettings;
import dev.codeexec.storage.StorageKind;
import dev.codeexec.storage.gcs.GcsSettings;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Configuration of the ingest API (prefix {@code codeexec.api}). Every default makes the
 * standalone mode work with no configuration.
 *
 * @param key the API key of tenant {@code default} (env {@code CODEEXEC_API_KEY}); it is also an
 *        admin key unless {@code adminKey} is set
 * @param adminKey a separate admin key (optional)
 * @param anonymousEnabled when true, requests without a key act as tenant {@code anonymous}
 * @param partitions partition count of the topics this app declares
 * @param replicationFactor replication factor of those topics
 * @param maxBodyKb cap on a request body (JSON or upload), in KiB; larger bodies get 413
 * @param produceTimeout how long a POST waits for Kafka's acknowledgement before answering 503
 * @param retryAfterSeconds the Retry-After given with 503 when Kafka is unreachable
 * @param waitDefault how long {@code ?wait=true} waits when no {@code waitMs} is given
 * @param waitMax the longest wait a client may ask for
 * @param batchMax the most submissions one batch may hold
 * @param maxLimits the maxima a submission may ask for (mirror the executor's)
 * @param rateLimit per-key admission limits
 * @param backpressure refusal of new work while the submissions backlog is too long
 * @param fetch the safe URL fetcher of {@code POST /submission/url}
 * @param executedUrlTtl how long a link to an output (e.g. from {@code GET /submission/url}) stays valid
 * @param publicUrl the address clients reach this API at; links the API serves start with it
 * @param storage the object store of outputs
 * @param events the live status stream {@code GET /submissions/{id}/events}
 */
@Validated
@ConfigurationProperties("codeexec.api")
public record ApiProperties(
        String key,
        String adminKey,
        @DefaultValue("false") boolean anonymousEnabled,
        @DefaultValue("6") @Min(1) int partitions,
        @DefaultValue("1") @Min(1) short replicationFactor,
        @DefaultValue("1024") @Min(1) int maxBodyKb,
        @DefaultValue("5s") @NotNull Duration produceTimeout,
        @DefaultValue("5") @Min(1) int retryAfterSeconds,
        @DefaultValue("10s") @NotNull Duration waitDefault,
        @DefaultValue("60s") @NotNull Duration waitMax,
        @DefaultValue("20") @Min(1) @Max(1000) int batchMax,
        @Valid @DefaultValue MaxLimits maxLimits,
        @Valid @DefaultValue RateLimit rateLimit,
        @Valid @DefaultValue Backpressure backpressure,
        @Valid @DefaultValue Fetch fetch,
        @DefaultValue("30m") @NotNull Duration executedUrlTtl,
        @DefaultValue("http://localhost:8080") @NotNull String publicUrl,
        @Valid @DefaultValue Storage storage,
        @Valid @DefaultValue Events events) {

    /**
     * @param timeout     how long one event stream stays open at most (the client reconnects if it wants more)
     * @param maxWatchers streams open at once on this instance; more are answered 503
     */
    public record Events(
            @DefaultValue("10m") @NotNull Duration timeout,
            @DefaultValue("10000") @Min(1) int maxWatchers) {
    }

    /**
     * Where outputs are kept (shared with the results sink) and how links to them are signed.
     *
     * @param kind local files (default), PostgreSQL or Google Cloud Storage
     * @param linkSecret secret of the HMAC links the API serves; every API instance must share it.
     *        Empty: a random secret per process (links then work only on this instance)
     */
    public record Storage(
            @DefaultValue("local") @NotNull StorageKind kind,
            @DefaultValue("") String linkSecret,
            @Valid @DefaultValue Local local,
            @Valid @DefaultValue Gcs gcs) {

        /** The storage module's settings of this store. */
        public ObjectStoreSettings settings() {
            return new ObjectStoreSettings(kind, local.root(), new GcsSettings(gcs.bucket(), optional(gcs.projectId()),
                    optional(gcs.endpoint()).map(URI::create), gcs.timeout(), optional(gcs.signingKeyFile()).map(Path::of)));
        }

        private static Optional<String> optional(String s) {
            return s == null || s.isBlank() ? Optional.empty() : Optional.of(s);
        }
    }

    /** @param root directory of the objects: the same one the results sink writes */
    public record Local(@DefaultValue("data/objects") @NotNull java.nio.file.Path root) {
    }

    /** The bucket the results sink writes; links to it are V4 signed URLs. */
    public record Gcs(
            @DefaultValue("codeexec-outputs") String bucket,
            @DefaultValue("") String projectId,
            @DefaultValue("") String endpoint,
            @DefaultValue("10s") @NotNull Duration timeout,
            @DefaultValue("") String signingKeyFile) {
    }

    /**
     * Maxima of {@code limits.*}; a request above one is refused with 422, never clamped. Unset
     * values default to {@link Limits#DEFAULT_MAXIMA} and {@link Limits#DEFAULT_MAX_TEST_CASES},
     * the executor's defaults too.
     */
    public record MaxLimits(
            @Min(1) Long cpuTimeMs,
            @Min(1) Long wallTimeMs,
            @Min(1) Long memoryMb,
            @Min(1) Long processes,
            @Min(1) Long outputKb,
            @Min(1) Long fileSizeKb,
            @Min(1) Integer testCases) {

        public MaxLimits {
            Limits d = Limits.DEFAULT_MAXIMA;
            cpuTimeMs = cpuTimeMs == null ? d.cpuTimeMs() : cpuTimeMs;
            wallTimeMs = wallTimeMs == null ? d.wallTimeMs() : wallTimeMs;
            memoryMb = memoryMb == null ? d.memoryMb() : memoryMb;
            processes = processes == null ? d.processes() : processes;
            outputKb = outputKb == null ? d.outputKb() : outputKb;
            fileSizeKb = fileSizeKb == null ? d.fileSizeKb() : fileSizeKb;
            testCases = testCases == null ? Limits.DEFAULT_MAX_TEST_CASES : testCases;
        }
    }

    /**
     * Per-key admission: a token bucket of {@code requestsPerSecond} with {@code burst}, and at most
     * {@code maxInFlight} submissions of a tenant not yet COMPLETED. Zero disables a limit.
     */
    public record RateLimit(
            @DefaultValue("1000") @Min(0) double requestsPerSecond,
            @DefaultValue("2000") @Min(0) int burst,
            @DefaultValue("1000") @Min(0) int maxInFlight) {
    }

    /**
     * Backpressure: when the consumer lag of {@code consumerGroup} on the submissions topic passes
     * {@code maxBacklog}, new submissions get 503. Zero disables it.
     */
    public record Backpressure(
            @DefaultValue("100000") @Min(0) long maxBacklog,
            @DefaultValue("codeexec-executor") String consumerGroup,
            @DefaultValue("2s") @NotNull Duration refreshInterval) {
    }

    /**
     * The URL fetcher. {@code allowedHosts}, when not empty, replaces the address checks: only those
     * hosts are fetched.
     */
    public record Fetch(
            @DefaultValue("512") @Min(1) int maxSizeKb,
            @DefaultValue("3s") @NotNull Duration connectTimeout,
            @DefaultValue("5s") @NotNull Duration readTimeout,
            @DefaultValue("10s") @NotNull Duration deadline,
            @DefaultValue("3") @Min(0) int maxRedirects,
            @DefaultValue List<String> allowedHosts) {
    }

    public long maxBodyBytes() {
        return maxBodyKb * 1024L;
    }
}

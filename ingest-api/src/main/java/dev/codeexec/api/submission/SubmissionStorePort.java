package dev.codeexec.api.submission;

import dev.codeexec.schemas.SubmissionStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** The submissions table as the API sees it: it writes the QUEUED row and reads what the sink wrote. */
public interface SubmissionStorePort {

    /**
     * Inserts the QUEUED row. When the id exists already (the sink was first) its status is kept
     * and only the fields the API alone knows (language, metadata, callback, idempotency) are filled.
     */
    void insertQueued(NewRow row);

    /**
     * Takes back a QUEUED row whose submission Kafka did not acknowledge: deletes it while it is
     * still QUEUED (a row the sink moved on, because the record did arrive after all, stays).
     */
    void deleteQueued(String id);

    /** The submission with this id owned by this tenant, with its runs. */
    Optional<StoredSubmission> find(String tenant, String id);

    /** The tenant's submissions, newest first, strictly after {@code after} when given. */
    List<ListedSubmission> list(String tenant, ListQuery query);

    /**
     * The submission a tenant created earlier with this idempotency key: the row that holds the key,
     * else the row of {@code keyId}, the id the key stands for, which the sink wrote without the key
     * when the first request's record reached Kafka only after that request was answered 503. A row
     * of {@code keyId} owned by another tenant is returned too, so that the caller can refuse it.
     */
    Optional<IdempotentEntry> findByIdempotencyKey(String tenant, String idempotencyKey, String keyId);

    /**
     * Records the key and the request hash on a row that has none (the sink wrote it from a record
     * that reached Kafka after its request was answered 503), so that the key is found by itself
     * and a later body that differs is refused.
     */
    void recordIdempotencyKey(String id, String idempotencyKey, String requestHash);

    /** How many of the tenant's submissions are not COMPLETED yet, counting up to {@code atMost}. */
    int countInFlight(String tenant, int atMost);

    /**
     * Runs {@code work} while holding a lock on (tenant, idempotency key), so that two requests with
     * the same key never both publish.
     */
    <T> T withIdempotencyLock(String tenant, String idempotencyKey, Supplier<T> work);

    /** How many submissions (of all tenants) are in each status. */
    java.util.Map<String, Long> countByStatus();

    /**
     * The bytes PostgreSQL keeps for one output of one run ({@code stream} is stdout or stderr);
     * empty when there is no such run or the row does not keep that output (it is only in object storage).
     */
    Optional<byte[]> inlineOutput(String id, int testCase, String stream);

    /**
     * The QUEUED row, written before the submission is published. {@code deadlineAt} is when it
     * should have its result if an executor took it up at once ({@code Submission.runBound()}); the
     * sink's reaper goes by it.
     */
    record NewRow(String id, String tenant, String language, String metadataJson, String callbackUrl,
            String idempotencyKey, String requestHash, Instant createdAt, Instant deadlineAt) {
    }

    /**
     * An earlier submission under an idempotency key, its owner, and the hash of the body that created
     * it (null when the sink wrote its row: the API never recorded the key).
     */
    record IdempotentEntry(String id, String tenant, SubmissionStatus status, String requestHash) {
    }

    /** Filters and page position of a listing. */
    record ListQuery(String status, String language, int limit, Cursor after) {
    }

    /** A position in a newest-first listing. */
    record Cursor(Instant createdAt, String id) {
    }

    /** One line of a listing. */
    record ListedSubmission(String id, String language, String status, String verdict, Instant createdAt,
            Instant finishedAt) {
    }
}

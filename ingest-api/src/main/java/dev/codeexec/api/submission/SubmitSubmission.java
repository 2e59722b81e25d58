package dev.codeexec.api.submission;

import dev.codeexec.api.common.Caller;
import dev.codeexec.api.common.Refusal;
import dev.codeexec.schemas.LogKeys;
import dev.codeexec.schemas.SubmissionStatus;
import dev.codeexec.schemas.json.FieldError;
import dev.codeexec.schemas.json.Json;
import dev.codeexec.schemas.v1.Submission;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.SerializationFeature;

/**
 * Accepts a submission: checks it, admits it, records it as QUEUED, then publishes it and waits for
 * Kafka's acknowledgement. Nothing is reported as accepted that PostgreSQL and Kafka do not both hold.
 * While it records and publishes one, its id is in the log context ({@link LogKeys#SUBMISSION_ID}).
 */
public final class SubmitSubmission {

    /** The request as JSON with map keys sorted ({@code metadata}), so equal bodies hash alike whatever their key order. */
    private static final ObjectWriter CANONICAL =
            Json.mapper().writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private static final Logger log = LoggerFactory.getLogger(SubmitSubmission.class);
    public static final int MAX_IDEMPOTENCY_KEY_LENGTH = 200;

    private final SubmissionFactory factory;
    private final SubmissionQueuePort queue;
    private final SubmissionStorePort store;
    private final Admission admission;
    private final Clock clock;
    private final long retryAfterSeconds;

    public SubmitSubmission(SubmissionFactory factory, SubmissionQueuePort queue, SubmissionStorePort store,
            Admission admission, Clock clock, long retryAfterSeconds) {
        this.factory = factory;
        this.queue = queue;
        this.store = store;
        this.admission = admission;
        this.clock = clock;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /**
     * Submits one request; {@code idempotencyKey} makes a retry return the first submission's id.
     * A keyed submission's id is {@link #idFor(String, String) derived from the tenant and the key},
     * so a retry after an ambiguous 503 (a stalled broker that took the first record late) publishes
     * the same id again, never a second submission: the sink keeps one result per id.
     */
    public Accepted submit(Caller caller, SubmissionRequest request, Optional<String> idempotencyKey) {
        // the body is checked before the key (its errors come first); an id derived from a key that
        // is refused below is never used
        String id = idempotencyKey.map(key -> idFor(caller.tenant(), key)).orElseGet(() -> UUID.randomUUID().toString());
        Submission submission = factory.create(id, caller.tenant(), request, clock.instant());
        if (idempotencyKey.isEmpty()) {
            admission.admit(caller, 1);
            return publishAndRecord(submission, null, null);
        }
        String key = idempotencyKey.get();
        checkKey(key);
        String hash = hash(request);
        return underKey(caller, key, () -> earlier(caller, key, id, hash).orElseGet(() -> {
            admission.admit(caller, 1);
            return publishAndRecord(submission, key, hash);
        }));
    }

    /** Refuses (400) a key that is blank, over {@value #MAX_IDEMPOTENCY_KEY_LENGTH} characters or not printable ASCII. */
    static void checkKey(String key) {
        if (key.isBlank() || key.length() > MAX_IDEMPOTENCY_KEY_LENGTH || !key.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw Refusal.invalid("Idempotency-Key", "must be 1 to " + MAX_IDEMPOTENCY_KEY_LENGTH
                    + " printable ASCII characters");
        }
    }

    /** Runs {@code work} holding the key's lock, so two requests with one key never both publish. */
    <T> T underKey(Caller caller, String key, Supplier<T> work) {
        return store.withIdempotencyLock(caller.tenant(), key, work);
    }

    /**
     * The submission an earlier request with the key made, or empty when there is none; a 422
     * when it was made with another body or by another tenant. Called holding the key's lock.
     */
    Optional<Accepted> earlier(Caller caller, String key, String id, String hash) {
        return store.findByIdempotencyKey(caller.tenant(), key, id).map(found -> replay(caller, key, found, hash));
    }

    /**
     * The earlier submission under the key. A row without a request hash is the key's own id
     * written by the sink: the first request was answered 503 but its record reached Kafka late.
     * That row takes the key and this body's hash, so that a later body that differs is refused.
     */
    private Accepted replay(Caller caller, String key, SubmissionStorePort.IdempotentEntry earlier, String hash) {
        if (!earlier.tenant().equals(caller.tenant())) {
            throw Refusal.unprocessable(List.of(new FieldError("Idempotency-Key",
                    "stands for a submission id that was produced to Kafka by someone else; use another key")));
        }
        if (earlier.requestHash() == null) {
            store.recordIdempotencyKey(earlier.id(), key, hash);
        } else if (!earlier.requestHash().equals(hash)) {
            throw Refusal.unprocessable(List.of(new FieldError("Idempotency-Key",
                    "was used before with a different body (submission " + earlier.id() + ")")));
        }
        return new Accepted(earlier.id(), earlier.status(), true);
    }

    /**
     * The id of a keyed submission: a UUID (version 8, its bits from SHA-256 of the tenant and the
     * key), the same for every request with that key, unguessable without it, and never another
     * tenant's (tenants hold no colon).
     */
    public static String idFor(String tenant, String idempotencyKey) {
        byte[] digest = sha256((tenant + ":" + idempotencyKey).getBytes(StandardCharsets.UTF_8));
        digest[6] = (byte) ((digest[6] & 0x0f) | 0x80);   // version 8: custom
        digest[8] = (byte) ((digest[8] & 0x3f) | 0x80);   // the RFC 9562 variant
        ByteBuffer bits = ByteBuffer.wrap(digest);
        return new UUID(bits.getLong(), bits.getLong()).toString();
    }

    /**
     * The key of item {@code index} of a batch sent with {@code batchKey}: its id is {@link #idFor
     * derived} from it and its row keeps it. The separator (U+001F) is no printable ASCII, so it is
     * never the key of a single submission, nor of an item of another batch.
     */
    static String itemKey(String batchKey, int index) {
        return batchKey + '\u001f' + index;
    }

    /** Checks one request as submission {@code id}, without admitting or publishing it: what a batch does to each item first. */
    Submission prepare(Caller caller, SubmissionRequest request, String id) {
        return factory.create(id, caller.tenant(), request, clock.instant());
    }

    /**
     * Records and publishes already checked submissions (a batch's valid items) together: every
     * QUEUED row first, then every record at once, so the batch waits for Kafka's acknowledgements
     * once, not once per item, and an unreachable Kafka refuses it after one produce timeout. Each
     * item is accepted or refused on its own, as one submission would be; the outcomes are in order.
     */
    List<ItemOutcome> publishPrepared(List<Pending> submissions) {
        return recordAndPublish(submissions);
    }

    void admit(Caller caller, int count) {
        admission.admit(caller, count);
    }

    private Accepted publishAndRecord(Submission submission, String idempotencyKey, String requestHash) {
        ItemOutcome outcome = recordAndPublish(List.of(new Pending(submission, idempotencyKey, requestHash))).get(0);
        if (outcome.refusal() != null) {
            throw outcome.refusal();
        }
        return outcome.accepted();
    }

    /** A submission on its way in, with the idempotency key and request hash its row keeps (or nulls). */
    record Pending(Submission submission, String idempotencyKey, String requestHash) {
    }

    /**
     * The QUEUED rows first, then the records: a 202 is only answered for a submission that both
     * PostgreSQL and Kafka hold, so a GET always finds it. When a row cannot be written its record
     * is not published (503); when Kafka does not acknowledge a record, its row is taken back
     * (503). If taking it back fails too, the row stays QUEUED with no record behind it, and the
     * client was told 503: only a reaper of stale submissions finishes it.
     */
    private List<ItemOutcome> recordAndPublish(List<Pending> pending) {
        ItemOutcome[] outcomes = new ItemOutcome[pending.size()];
        List<Submission> recorded = new ArrayList<>();
        for (int i = 0; i < pending.size(); i++) {
            outcomes[i] = recordQueued(pending.get(i));
            if (outcomes[i] == null) {
                recorded.add(pending.get(i).submission());
            }
        }
        Map<String, SubmissionQueuePort.QueueUnavailableException> notAcknowledged =
                recorded.isEmpty() ? Map.of() : queue.publish(recorded);
        for (int i = 0; i < pending.size(); i++) {
            if (outcomes[i] == null) {
                Submission submission = pending.get(i).submission();
                outcomes[i] = settle(submission, notAcknowledged.get(submission.id()));
            }
        }
        return List.of(outcomes);
    }

    /** Writes the QUEUED row: null when it was written, else the 503 that says it was not. */
    private ItemOutcome recordQueued(Pending p) {
        Submission submission = p.submission();
        String metadata = submission.metadata() == null ? null : Json.mapper().writeValueAsString(submission.metadata());
        try (MDC.MDCCloseable logContext = MDC.putCloseable(LogKeys.SUBMISSION_ID, submission.id())) {
            store.insertQueued(new SubmissionStorePort.NewRow(submission.id(), submission.tenantOrDefault(),
                    submission.language(), metadata, submission.callbackUrl(), p.idempotencyKey(), p.requestHash(),
                    submission.submittedAt(), submission.submittedAt().plus(submission.runBound())));
            return null;
        } catch (RuntimeException e) {
            log.warn("submission {} not accepted: its QUEUED row was not written: {}", submission.id(), e.toString());
            return ItemOutcome.refused(Refusal.unavailable(
                    "the database did not record the submission; nothing was accepted, retry later", retryAfterSeconds));
        }
    }

    /** A recorded submission once Kafka answered: accepted, or refused with its row taken back. */
    private ItemOutcome settle(Submission submission, SubmissionQueuePort.QueueUnavailableException notAcknowledged) {
        try (MDC.MDCCloseable logContext = MDC.putCloseable(LogKeys.SUBMISSION_ID, submission.id())) {
            if (notAcknowledged != null) {
                log.warn("submission {} not accepted: {}", submission.id(), notAcknowledged.getMessage());
                takeBack(submission.id());
                return ItemOutcome.refused(Refusal.unavailable(
                        "the queue did not acknowledge the submission in time; nothing was accepted, retry later"
                                + " (a broker that stalled, rather than failed, may still take it late and run it;"
                                + " a retry with the same Idempotency-Key then answers that submission, not a second one)",
                        retryAfterSeconds));
            }
            log.info("submission {} accepted ({}, tenant {})", submission.id(), submission.language(),
                    submission.tenantOrDefault());
            return ItemOutcome.of(new Accepted(submission.id(), SubmissionStatus.QUEUED, false));
        }
    }

    private void takeBack(String id) {
        try {
            store.deleteQueued(id);
        } catch (RuntimeException e) {
            log.error("submission {} was refused but its QUEUED row could not be taken back: {}", id, e.toString());
        }
    }

    static String hash(SubmissionRequest request) {
        return HexFormat.of().formatHex(sha256(CANONICAL.writeValueAsBytes(request)));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

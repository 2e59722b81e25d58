package dev.codeexec.api.submission;

import dev.codeexec.api.common.Caller;
import dev.codeexec.api.common.Refusal;
import dev.codeexec.api.submission.SubmissionStorePort.Cursor;
import dev.codeexec.api.submission.SubmissionStorePort.ListQuery;
import dev.codeexec.api.submission.SubmissionStorePort.ListedSubmission;
import dev.codeexec.schemas.SubmissionStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Reads submissions for their owner: one by id, a wait for completion, or a newest-first page. */
public final class QuerySubmissions {

    public static final int MAX_PAGE = 100;
    /**
     * A wait looks every {@code QUICK_POLL_MS} while the submission is young (a warm hello is
     * stored 40-60 ms after it was sent, and a doubling pause from the start would see it only at
     * the next step, ~140 ms), then backs off doubling up to {@code MAX_POLL_MS}: each look is one
     * primary-key read.
     */
    private static final long QUICK_POLL_MS = 10;
    private static final long QUICK_PHASE_MS = 150;
    private static final long MAX_POLL_MS = 250;

    private final SubmissionStorePort store;
    private final SubmissionViews views;

    public QuerySubmissions(SubmissionStorePort store, OutputLinks links, Duration linkTtl) {
        this.store = store;
        this.views = new SubmissionViews(links, linkTtl);
    }

    /** The caller's submission; another tenant's id is as unknown as a made-up one. */
    public SubmissionView find(Caller caller, String id) {
        return findStored(caller, id).map(views::view)
                .orElseThrow(() -> Refusal.notFound("no submission " + abbreviate(id)));
    }

    public Optional<StoredSubmission> findStored(Caller caller, String id) {
        if (id == null || id.length() > 128) {
            return Optional.empty();
        }
        return store.find(caller.tenant(), id);
    }

    /**
     * Waits up to {@code timeout} for the submission to complete; returns it completed, or empty
     * when time ran out first.
     */
    public Optional<SubmissionView> awaitCompleted(Caller caller, String id, Duration timeout) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long pause = QUICK_POLL_MS;
        while (true) {
            Optional<StoredSubmission> stored = findStored(caller, id);
            if (stored.isPresent() && stored.get().completed()) {
                return Optional.of(views.view(stored.get()));
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            try {
                Thread.sleep(Math.min(pause, Duration.ofNanos(left).toMillis() + 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
            if (System.nanoTime() - start > QUICK_PHASE_MS * 1_000_000) {
                pause = Math.min(pause * 2, MAX_POLL_MS);
            }
        }
    }

    /** A page of the caller's submissions, newest first; {@code cursor} is the previous page's {@code next}. */
    public Page list(Caller caller, String status, String language, Integer limit, String cursor) {
        String statusFilter = null;
        if (status != null && !status.isBlank()) {
            try {
                statusFilter = SubmissionStatus.valueOf(status.toUpperCase(Locale.ROOT)).name();
            } catch (IllegalArgumentException e) {
                throw Refusal.invalid("status", "must be QUEUED, RUNNING or COMPLETED");
            }
        }
        int size = limit == null ? 20 : limit;
        if (size < 1 || size > MAX_PAGE) {
            throw Refusal.invalid("limit", "must be between 1 and " + MAX_PAGE);
        }
        Cursor after = cursor == null || cursor.isBlank() ? null : decode(cursor);
        String languageFilter = language == null || language.isBlank() ? null : language;
        List<ListedSubmission> rows = store.list(caller.tenant(),
                new ListQuery(statusFilter, languageFilter, size + 1, after));
        boolean more = rows.size() > size;
        List<ListedSubmission> items = more ? rows.subList(0, size) : rows;
        String next = more ? encode(items.get(items.size() - 1)) : null;
        return new Page(List.copyOf(items), next);
    }

    /** One page; {@code next} is null on the last page. */
    public record Page(List<ListedSubmission> items, String next) {
    }

    static String encode(ListedSubmission last) {
        Instant at = last.createdAt();
        String raw = at.getEpochSecond() + "." + at.getNano() + ":" + last.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static Cursor decode(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int colon = raw.indexOf(':');
            String[] time = raw.substring(0, colon).split("\\.");
            Instant at = Instant.ofEpochSecond(Long.parseLong(time[0]), Long.parseLong(time[1]));
            return new Cursor(at, raw.substring(colon + 1));
        } catch (RuntimeException e) {
            throw Refusal.invalid("cursor", "is not a cursor this API returned");
        }
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 64 ? s.substring(0, 64) + "..." : s;
    }
}

package dev.codeexec.api.submission;

import dev.codeexec.api.common.Caller;
import dev.codeexec.api.common.Refusal;
import dev.codeexec.api.submission.SubmissionStorePort.Cursor;
import dev.codeexec.api.submission.SubmissionStorePort.ListQuery;
import dev.codeexec.api.submission.SubmissionStorePort.ListedSubmission;
import dev.codeexec.schemas.SubmissionStatus;
import dev.codeexec.schemas.v1.Submission;
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
        if (!Submission.isValidId(id)) {
            return Optional.empty(); // no submission has it, and PostgreSQL is never handed a NUL
        }
        return store.find(caller.tenant(), id);
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
        if (languageFilter != null && !Submission.isValidLanguage(languageFilter)) {
            throw Refusal.invalid("language", "must be a language id as GET /api/v1/languages lists them, such as python");
        }
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

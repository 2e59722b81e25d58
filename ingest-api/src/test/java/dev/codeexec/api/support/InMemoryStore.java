package dev.codeexec.api.support;

import dev.codeexec.api.submission.StoredSubmission;
import dev.codeexec.api.submission.SubmissionStorePort;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** The submission store in memory: rows by id. */
public final class InMemoryStore implements SubmissionStorePort {

    public final Map<String, StoredSubmission> rows = new ConcurrentHashMap<>();
    /** When set, reads fail as they do with the database down. */
    public volatile boolean down;
    private final Map<String, NewRow> newRows = new ConcurrentHashMap<>();

    @Override
    public void insertQueued(NewRow row) {
        if (newRows.putIfAbsent(row.id(), row) == null) {
            rows.put(row.id(), new StoredSubmission(row.id(), row.tenant(), row.language(), "QUEUED", null, null,
                    null, null, null, null, null, null, null, row.metadataJson(), row.createdAt(), null, List.of()));
        }
    }

    @Override
    public void deleteQueued(String id) {
        StoredSubmission row = rows.get(id);
        if (row != null && "QUEUED".equals(row.status())) {
            rows.remove(id);
            newRows.remove(id);
        }
    }

    /** Stores a row as the sink would. */
    public void put(StoredSubmission s) {
        rows.put(s.id(), s);
    }

    @Override
    public Optional<StoredSubmission> find(String tenant, String id) {
        if (down) {
            throw new org.springframework.dao.DataAccessResourceFailureException("connection refused");
        }
        return Optional.ofNullable(rows.get(id)).filter(s -> s.tenant().equals(tenant));
    }

    @Override
    public List<ListedSubmission> list(String tenant, ListQuery q) {
        return rows.values().stream().filter(s -> s.tenant().equals(tenant))
                .filter(s -> q.status() == null || q.status().equals(s.status()))
                .filter(s -> q.language() == null || q.language().equals(s.language()))
                .sorted(Comparator.comparing(StoredSubmission::createdAt).thenComparing(StoredSubmission::id).reversed())
                .filter(s -> q.after() == null || s.createdAt().isBefore(q.after().createdAt())
                        || (s.createdAt().equals(q.after().createdAt()) && s.id().compareTo(q.after().id()) < 0))
                .limit(q.limit())
                .map(s -> new ListedSubmission(s.id(), s.language(), s.status(), s.verdict(), s.createdAt(),
                        s.finishedAt()))
                .toList();
    }

    @Override
    public Optional<IdempotentEntry> findByIdempotencyKey(String tenant, String key, String keyId) {
        return newRows.values().stream()
                .filter(r -> r.tenant().equals(tenant) && key.equals(r.idempotencyKey()))
                .findFirst().map(r -> new IdempotentEntry(r.id(), r.tenant(),
                        dev.codeexec.schemas.SubmissionStatus.valueOf(rows.get(r.id()).status()), r.requestHash()))
                .or(() -> Optional.ofNullable(rows.get(keyId)).map(s -> new IdempotentEntry(s.id(), s.tenant(),
                        dev.codeexec.schemas.SubmissionStatus.valueOf(s.status()), null)));
    }

    @Override
    public void recordIdempotencyKey(String id, String key, String requestHash) {
        StoredSubmission row = rows.get(id);
        if (row != null && !newRows.containsKey(id)) {
            newRows.put(id, new NewRow(id, row.tenant(), row.language(), row.metadataJson(), null, key, requestHash,
                    row.createdAt(), row.createdAt()));
        }
    }

    @Override
    public int countInFlight(String tenant, int atMost) {
        return (int) Math.min(atMost, rows.values().stream()
                .filter(s -> s.tenant().equals(tenant) && !s.completed()).count());
    }

    @Override
    public Map<String, Long> countByStatus() {
        return rows.values().stream().collect(java.util.stream.Collectors.groupingBy(StoredSubmission::status,
                java.util.TreeMap::new, java.util.stream.Collectors.counting()));
    }

    @Override
    public Optional<byte[]> inlineOutput(String id, int testCase, String stream) {
        return Optional.ofNullable(rows.get(id)).flatMap(s -> s.runs().stream()
                .filter(r -> r.testCase() == testCase).findFirst())
                .map(r -> "stdout".equals(stream) ? r.stdout() : r.stderr());
    }

    @Override
    public synchronized <T> T withIdempotencyLock(String tenant, String key, Supplier<T> work) {
        return work.get();
    }
}

package dev.codeexec.api.adapter.jdbc;

import dev.codeexec.schemas.SubmissionStatus;
import dev.codeexec.api.submission.StoredSubmission;
import dev.codeexec.api.submission.StoredSubmission.StoredRun;
import dev.codeexec.api.submission.SubmissionStorePort;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** The submissions and runs tables (schema in the storage module's Flyway migrations). */
public final class JdbcSubmissionStore implements SubmissionStorePort {

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    public JdbcSubmissionStore(JdbcClient jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /**
     * The QUEUED row. When the sink got there first (the executor can be that fast), the status it
     * wrote stays, and only what the API alone knows is filled in.
     */
    @Override
    public void insertQueued(NewRow row) {
        jdbc.sql("""
                INSERT INTO submissions (id, tenant, language, status, status_rank, metadata, callback_url,
                                         idempotency_key, request_hash, created_at, deadline_at, updated_at)
                VALUES (:id, :tenant, :language, 'QUEUED', 0, CAST(:metadata AS JSONB), :callbackUrl,
                        :idempotencyKey, :requestHash, :createdAt, :deadlineAt, now())
                ON CONFLICT (id) DO UPDATE SET
                    language = COALESCE(submissions.language, EXCLUDED.language),
                    metadata = COALESCE(submissions.metadata, EXCLUDED.metadata),
                    callback_url = COALESCE(submissions.callback_url, EXCLUDED.callback_url),
                    idempotency_key = COALESCE(submissions.idempotency_key, EXCLUDED.idempotency_key),
                    request_hash = COALESCE(submissions.request_hash, EXCLUDED.request_hash),
                    created_at = LEAST(submissions.created_at, EXCLUDED.created_at),
                    deadline_at = COALESCE(submissions.deadline_at, EXCLUDED.deadline_at)
                """)
                .param("id", row.id())
                .param("tenant", row.tenant())
                .param("language", row.language())
                .param("metadata", row.metadataJson())
                .param("callbackUrl", row.callbackUrl())
                .param("idempotencyKey", row.idempotencyKey())
                .param("requestHash", row.requestHash())
                .param("createdAt", OffsetDateTime.ofInstant(row.createdAt(), ZoneOffset.UTC))
                .param("deadlineAt", OffsetDateTime.ofInstant(row.deadlineAt(), ZoneOffset.UTC))
                .update();
    }

    @Override
    public void deleteQueued(String id) {
        jdbc.sql("DELETE FROM submissions WHERE id = :id AND status_rank = 0").param("id", id).update();
    }

    @Override
    public Optional<StoredSubmission> find(String tenant, String id) {
        Optional<StoredSubmission> row = jdbc.sql("""
                SELECT id, tenant, language, status, verdict, verdict_detail, exit_code, signal, time_limit,
                       cpu_time_ms, wall_time_ms, memory_kb, compile::text AS compile, metadata::text AS metadata,
                       created_at, finished_at
                FROM submissions WHERE id = :id AND tenant = :tenant
                """)
                .param("id", id).param("tenant", tenant)
                .query((rs, n) -> submission(rs, List.of()))
                .optional();
        if (row.isEmpty() || !row.get().completed()) {
            return row;
        }
        List<StoredRun> runs = jdbc.sql("""
                SELECT test_case, verdict, verdict_detail, exit_code, signal, time_limit, cpu_time_ms,
                       wall_time_ms, memory_kb, stdout, stdout_truncated, stdout_size, stdout_object,
                       stderr, stderr_truncated, stderr_size, stderr_object
                FROM runs WHERE submission_id = :id ORDER BY test_case
                """)
                .param("id", id)
                .query((rs, n) -> new StoredRun(rs.getInt("test_case"), rs.getString("verdict"),
                        rs.getString("verdict_detail"), integer(rs, "exit_code"), rs.getString("signal"),
                        rs.getString("time_limit"), rs.getLong("cpu_time_ms"), rs.getLong("wall_time_ms"),
                        rs.getLong("memory_kb"), rs.getBytes("stdout"), rs.getBoolean("stdout_truncated"),
                        rs.getInt("stdout_size"), rs.getString("stdout_object"), rs.getBytes("stderr"),
                        rs.getBoolean("stderr_truncated"), rs.getInt("stderr_size"), rs.getString("stderr_object")))
                .list();
        StoredSubmission s = row.get();
        return Optional.of(new StoredSubmission(s.id(), s.tenant(), s.language(), s.status(), s.verdict(),
                s.verdictDetail(), s.exitCode(), s.signal(), s.timeLimit(), s.cpuTimeMs(), s.wallTimeMs(),
                s.memoryKb(), s.compileJson(), s.metadataJson(), s.createdAt(), s.finishedAt(), runs));
    }

    @Override
    public List<ListedSubmission> list(String tenant, ListQuery query) {
        StringBuilder sql = new StringBuilder("""
                SELECT id, language, status, verdict, created_at, finished_at FROM submissions
                WHERE tenant = :tenant
                """);
        List<Object[]> params = new ArrayList<>();
        if (query.status() != null) {
            sql.append(" AND status = :status");
            params.add(new Object[] {"status", query.status()});
        }
        if (query.language() != null) {
            sql.append(" AND language = :language");
            params.add(new Object[] {"language", query.language()});
        }
        if (query.after() != null) {
            sql.append(" AND (created_at, id) < (:afterAt, :afterId)");
            params.add(new Object[] {"afterAt", OffsetDateTime.ofInstant(query.after().createdAt(), ZoneOffset.UTC)});
            params.add(new Object[] {"afterId", query.after().id()});
        }
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT :limit");
        JdbcClient.StatementSpec spec = jdbc.sql(sql.toString()).param("tenant", tenant).param("limit", query.limit());
        for (Object[] p : params) {
            spec = spec.param((String) p[0], p[1]);
        }
        return spec.query((rs, n) -> new ListedSubmission(rs.getString("id"), rs.getString("language"),
                rs.getString("status"), rs.getString("verdict"), instant(rs, "created_at"),
                instant(rs, "finished_at"))).list();
    }

    @Override
    public Optional<IdempotentEntry> findByIdempotencyKey(String tenant, String idempotencyKey, String keyId) {
        // the row holding the key first (rows made before keyed ids were derived have random ids);
        // a row of the key's id that the sink wrote, without the key, comes second
        return jdbc.sql("""
                SELECT id, tenant, status, request_hash FROM submissions
                WHERE (tenant = :tenant AND idempotency_key = :key) OR id = :keyId
                ORDER BY idempotency_key IS NULL LIMIT 1
                """)
                .param("tenant", tenant).param("key", idempotencyKey).param("keyId", keyId)
                .query((rs, n) -> new IdempotentEntry(rs.getString("id"), rs.getString("tenant"),
                        SubmissionStatus.valueOf(rs.getString("status")), rs.getString("request_hash")))
                .optional();
    }

    @Override
    public void recordIdempotencyKey(String id, String idempotencyKey, String requestHash) {
        jdbc.sql("""
                UPDATE submissions SET idempotency_key = :key, request_hash = :hash
                WHERE id = :id AND idempotency_key IS NULL
                """)
                .param("id", id).param("key", idempotencyKey).param("hash", requestHash)
                .update();
    }

    @Override
    public int countInFlight(String tenant, int atMost) {
        return jdbc.sql("""
                SELECT count(*) FROM (SELECT 1 FROM submissions
                    WHERE tenant = :tenant AND status <> 'COMPLETED' LIMIT :atMost) AS in_flight
                """)
                .param("tenant", tenant).param("atMost", atMost)
                .query(Integer.class).single();
    }

    @Override
    public java.util.Map<String, Long> countByStatus() {
        java.util.Map<String, Long> counts = new java.util.TreeMap<>();
        jdbc.sql("SELECT status, count(*) AS n FROM submissions GROUP BY status")
                .query((rs, n) -> counts.put(rs.getString("status"), rs.getLong("n"))).list();
        return counts;
    }

    @Override
    public Optional<byte[]> inlineOutput(String id, int testCase, String stream) {
        String column = switch (stream) {
            case "stdout" -> "stdout";
            case "stderr" -> "stderr";
            default -> throw new IllegalArgumentException("no output stream " + stream);
        };
        // The bytes when the row keeps them; an empty output has none to keep. A larger output
        // lives only in object storage: then there is nothing here (never serve it as empty).
        return jdbc.sql("SELECT " + column + ", " + column + "_size FROM runs WHERE submission_id = :id AND test_case = :n")
                .param("id", id).param("n", testCase)
                .query((rs, n) -> {
                    byte[] bytes = rs.getBytes(1);
                    return bytes != null ? Optional.of(bytes)
                            : rs.getInt(2) == 0 ? Optional.of(new byte[0]) : Optional.<byte[]>empty();
                })
                .optional().flatMap(found -> found);
    }

    @Override
    public <T> T withIdempotencyLock(String tenant, String idempotencyKey, Supplier<T> work) {
        return transactions.execute(status -> {
            jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended(:k, 0))")
                    .param("k", tenant + ":" + idempotencyKey)   // tenants hold no colon
                    .query((rs, n) -> 1).list();
            return work.get();
        });
    }

    private static StoredSubmission submission(ResultSet rs, List<StoredRun> runs) throws SQLException {
        return new StoredSubmission(rs.getString("id"), rs.getString("tenant"), rs.getString("language"),
                rs.getString("status"), rs.getString("verdict"), rs.getString("verdict_detail"),
                integer(rs, "exit_code"), rs.getString("signal"), rs.getString("time_limit"),
                longOrNull(rs, "cpu_time_ms"), longOrNull(rs, "wall_time_ms"), longOrNull(rs, "memory_kb"),
                rs.getString("compile"), rs.getString("metadata"), instant(rs, "created_at"),
                instant(rs, "finished_at"), runs);
    }

    private static Integer integer(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    private static Long longOrNull(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}

package dev.codeexec.sink.jdbc;

import dev.codeexec.schemas.SubmissionStatus;
import dev.codeexec.schemas.json.Json;
import dev.codeexec.sink.reaper.OverdueSubmissionsPort;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;

/**
 * The reaper's rows in PostgreSQL: open submissions past {@code deadline_at} (V6), read through
 * the partial index on open statuses. The lock is a transaction-scoped advisory lock, so a sink
 * that dies while reaping lets go of it with its connection.
 */
public final class JdbcOverdueSubmissions implements OverdueSubmissionsPort {

    /** The advisory lock key of the reaper (any constant all sinks agree on). */
    private static final long LOCK = 0x636f_6465_7265_6170L;
    private static final TypeReference<Map<String, String>> METADATA = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;

    public JdbcOverdueSubmissions(JdbcClient jdbc, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    @Override
    public List<Overdue> overdue(Instant cutoff, Duration defaultBound, int limit) {
        return jdbc.sql("""
                SELECT id, tenant, language, status, created_at, metadata::text AS metadata, callback_url,
                       COALESCE(deadline_at, created_at + make_interval(secs => ?)) AS deadline
                FROM submissions
                WHERE status <> 'COMPLETED'
                  AND COALESCE(deadline_at, created_at + make_interval(secs => ?)) < ?
                ORDER BY created_at LIMIT ?""")
                .params(defaultBound.toSeconds(), defaultBound.toSeconds(), Timestamp.from(cutoff), limit)
                .query(JdbcOverdueSubmissions::overdue).list();
    }

    private static Overdue overdue(ResultSet rs, int row) throws SQLException {
        String metadata = rs.getString("metadata");
        return new Overdue(rs.getString("id"), rs.getString("tenant"), rs.getString("language"),
                SubmissionStatus.valueOf(rs.getString("status")), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("deadline").toInstant(),
                metadata == null ? null : Json.mapper().readValue(metadata, METADATA), rs.getString("callback_url"));
    }

    @Override
    public boolean isOpen(String id) {
        return jdbc.sql("SELECT count(*) FROM submissions WHERE id = ? AND status <> 'COMPLETED'").param(id)
                .query(Long.class).single() > 0;
    }

    @Override
    public <T> Optional<T> exclusively(Supplier<T> work) {
        return transaction.execute(tx -> {
            boolean locked = jdbc.sql("SELECT pg_try_advisory_xact_lock(?)").param(LOCK).query(Boolean.class).single();
            return locked ? Optional.ofNullable(work.get()) : Optional.<T>empty();
        });
    }
}

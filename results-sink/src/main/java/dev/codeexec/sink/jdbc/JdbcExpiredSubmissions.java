package dev.codeexec.sink.jdbc;

import dev.codeexec.sink.retention.ExpiredSubmissionsPort;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Finds and deletes expired submissions in PostgreSQL (index {@code submissions_retention}, V3),
 * and expired statistics windows ({@code stats_windows}, V4: at most a few rows per language,
 * verdict and minute, so one scan per retention run).
 */
public final class JdbcExpiredSubmissions implements ExpiredSubmissionsPort {

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;

    public JdbcExpiredSubmissions(JdbcClient jdbc, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    @Override
    public List<String> expiredBefore(Instant cutoff, int limit) {
        return jdbc.sql("""
                SELECT id FROM submissions WHERE COALESCE(finished_at, created_at) < ?
                ORDER BY COALESCE(finished_at, created_at) LIMIT ?""")
                .params(Timestamp.from(cutoff), limit).query(String.class).list();
    }

    @Override
    public void delete(Collection<String> submissionIds) {
        String[] ids = submissionIds.toArray(String[]::new);
        transaction.executeWithoutResult(tx -> {
            for (String table : List.of("runs", "status_history", "webhook_deliveries")) {
                jdbc.sql("DELETE FROM " + table + " WHERE submission_id = ANY (?)").param(ids).update();
            }
            jdbc.sql("DELETE FROM submissions WHERE id = ANY (?)").param(ids).update();
        });
    }

    @Override
    public int deleteStatsWindowsEndedBefore(Instant cutoff) {
        return jdbc.sql("DELETE FROM stats_windows WHERE window_end < ?").param(Timestamp.from(cutoff)).update();
    }
}

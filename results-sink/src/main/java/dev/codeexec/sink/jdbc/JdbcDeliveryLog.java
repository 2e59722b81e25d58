package dev.codeexec.sink.jdbc;

import dev.codeexec.sink.webhook.DeliveryAttempt;
import dev.codeexec.sink.webhook.DeliveryLogPort;
import dev.codeexec.sink.webhook.DeliveryOutcome;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Webhook attempts in {@code webhook_deliveries} (V3). */
public final class JdbcDeliveryLog implements DeliveryLogPort {

    private final JdbcClient jdbc;

    public JdbcDeliveryLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<DeliveryAttempt> attempts(String deliveryId) {
        return jdbc.sql("""
                SELECT delivery_id, attempt, submission_id, url, outcome, status_code, error, duration_ms
                FROM webhook_deliveries WHERE delivery_id = ? ORDER BY attempt""")
                .param(deliveryId)
                .query((rs, row) -> new DeliveryAttempt(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4),
                        DeliveryOutcome.valueOf(rs.getString(5)), Optional.ofNullable((Integer) rs.getObject(6)),
                        Optional.ofNullable(rs.getString(7)), rs.getLong(8)))
                .list();
    }

    @Override
    public void record(DeliveryAttempt a) {
        jdbc.sql("""
                INSERT INTO webhook_deliveries (delivery_id, attempt, submission_id, url, outcome, status_code, error,
                    duration_ms)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (delivery_id, attempt) DO NOTHING""")
                .params(a.deliveryId(), a.attempt(), a.submissionId(), a.url(), a.outcome().name(),
                        a.statusCode().orElse(null), a.error().orElse(null), a.durationMs())
                .update();
    }
}

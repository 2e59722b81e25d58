package dev.codeexec.sink.jdbc;

import dev.codeexec.schemas.v1.StatsWindow;
import dev.codeexec.sink.stats.StatsWindowStorePort;
import java.sql.Timestamp;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/** {@code stats_windows} in PostgreSQL. */
public final class JdbcStatsWindows implements StatsWindowStorePort {

    private static final String UPSERT = """
            INSERT INTO stats_windows (language, verdict, window_label, window_start, window_end, count,
                p50_wall_time_ms, p95_wall_time_ms, p99_wall_time_ms)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (language, verdict, window_label, window_start) DO UPDATE SET
                window_end = EXCLUDED.window_end, count = EXCLUDED.count,
                p50_wall_time_ms = EXCLUDED.p50_wall_time_ms, p95_wall_time_ms = EXCLUDED.p95_wall_time_ms,
                p99_wall_time_ms = EXCLUDED.p99_wall_time_ms, updated_at = now()
            WHERE stats_windows.count < EXCLUDED.count
            """;

    private final JdbcTemplate jdbc;

    public JdbcStatsWindows(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void save(List<StatsWindow> windows) {
        jdbc.batchUpdate(UPSERT, windows, windows.size(), (ps, w) -> {
            ps.setString(1, w.language());
            ps.setString(2, w.verdict().name());
            ps.setString(3, w.window());
            ps.setTimestamp(4, Timestamp.from(w.windowStart()));
            ps.setTimestamp(5, Timestamp.from(w.windowEnd()));
            ps.setLong(6, w.count());
            ps.setLong(7, w.p50WallTimeMs());
            ps.setLong(8, w.p95WallTimeMs());
            ps.setLong(9, w.p99WallTimeMs());
        });
    }
}

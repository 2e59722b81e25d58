package dev.codeexec.api.adapter.jdbc;

import dev.codeexec.api.stats.StatsStorePort;
import dev.codeexec.api.stats.StatsWindowView;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The stats_windows table (migration V4 in the storage module), written by the results sink. */
public final class JdbcStatsStore implements StatsStorePort {

    private static final String LATEST = """
            SELECT language, verdict, window_label, window_start, window_end, count,
                p50_wall_time_ms, p95_wall_time_ms, p99_wall_time_ms
            FROM stats_windows
            WHERE window_label = :window
              AND (CAST(:language AS TEXT) IS NULL OR language = :language)
              AND (CAST(:verdict AS TEXT) IS NULL OR verdict = :verdict)
            ORDER BY window_end DESC, language, verdict
            LIMIT :limit
            """;

    private final JdbcClient jdbc;

    public JdbcStatsStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<StatsWindowView> latest(StatsQuery query) {
        return jdbc.sql(LATEST)
                .param("window", query.window())
                .param("language", query.language())
                .param("verdict", query.verdict())
                .param("limit", query.limit())
                .query((rs, n) -> new StatsWindowView(rs.getString("language"), rs.getString("verdict"),
                        rs.getString("window_label"), rs.getTimestamp("window_start").toInstant(),
                        rs.getTimestamp("window_end").toInstant(), rs.getLong("count"),
                        rs.getLong("p50_wall_time_ms"), rs.getLong("p95_wall_time_ms"), rs.getLong("p99_wall_time_ms")))
                .list();
    }
}

package dev.codeexec.api.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeexec.api.support.IntegrationTest;
import dev.codeexec.api.support.BrokerIntegrationTestBase;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code GET /api/v1/stats} against real PostgreSQL rows written the way the results sink writes them. */
@IntegrationTest
class StatsIntegrationTest extends BrokerIntegrationTestBase {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant T0 = Instant.parse("2026-11-26T05:00:00Z");

    /**
     * A row as the results sink leaves it. The sink's upsert (keep the larger count) belongs to the sink
     * and is not copied here: this test reads what the table holds.
     */
    private static final String SINK_ROW = """
            INSERT INTO stats_windows (language, verdict, window_label, window_start, window_end, count,
                p50_wall_time_ms, p95_wall_time_ms, p99_wall_time_ms)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """;

    @Autowired JdbcClient jdbc;

    @BeforeEach
    void sinkWroteWindows() {
        jdbc.sql("DELETE FROM stats_windows").update();
        for (int minute = 0; minute < 3; minute++) {
            Instant start = T0.plusSeconds(60L * minute);
            if (minute < 2) {
                sink("python", "ACCEPTED", "1m", start, start.plusSeconds(60), 10 + minute, 40);
            } else {
                sink("python", "ACCEPTED", "1m", start, start.plusSeconds(60), 30, 44);
            }
            sink("cpp", "WRONG_ANSWER", "1m", start, start.plusSeconds(60), 1, 15);
        }
        sink("python", "ACCEPTED", "1h", T0, T0.plusSeconds(3600), 40, 41);
    }

    @Test
    void servesTheOneMinuteWindowsNewestFirstWithEveryField() throws Exception {
        JsonNode windows = stats("", 200).get("windows");
        assertThat(windows).hasSize(6);
        assertThat(windowStarts(windows)).containsExactly("2026-11-26T05:02:00Z", "2026-11-26T05:02:00Z",
                "2026-11-26T05:01:00Z", "2026-11-26T05:01:00Z", "2026-11-26T05:00:00Z", "2026-11-26T05:00:00Z");
        JsonNode newestPython = windows.get(1);
        assertThat(newestPython.get("language").asText()).isEqualTo("python");
        assertThat(newestPython.get("verdict").asText()).isEqualTo("ACCEPTED");
        assertThat(newestPython.get("window").asText()).isEqualTo("1m");
        assertThat(newestPython.get("windowEnd").asText()).isEqualTo("2026-11-26T05:03:00Z");
        assertThat(newestPython.get("count").asLong()).isEqualTo(30);
        assertThat(newestPython.get("p50WallTimeMs").asLong()).isEqualTo(44);
        assertThat(newestPython.get("p95WallTimeMs").asLong()).isEqualTo(88);
        assertThat(newestPython.get("p99WallTimeMs").asLong()).isEqualTo(132);
    }

    @Test
    void filtersByWindowLanguageVerdictAndLimit() throws Exception {
        JsonNode hour = stats("?window=1h", 200).get("windows");
        assertThat(hour).hasSize(1);
        assertThat(hour.get(0).get("count").asLong()).isEqualTo(40);

        JsonNode cpp = stats("?language=cpp&verdict=WRONG_ANSWER", 200).get("windows");
        assertThat(cpp).hasSize(3);
        cpp.forEach(w -> assertThat(w.get("language").asText()).isEqualTo("cpp"));

        assertThat(stats("?verdict=ACCEPTED&language=cpp", 200).get("windows")).isEmpty();
        assertThat(windowStarts(stats("?language=python&limit=2", 200).get("windows")))
                .containsExactly("2026-11-26T05:02:00Z", "2026-11-26T05:01:00Z");
    }

    @Test
    void onlyAnAdminKeyReadsItAndBadParametersAre400() throws Exception {
        HttpResponse<String> anonymous = send(HttpRequest.newBuilder(uri("/api/v1/stats")).GET().build());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(getWithKey("/api/v1/stats", "it-key").statusCode()).isEqualTo(403);
        HttpResponse<String> bad = getWithKey("/api/v1/stats?window=5m", "it-admin-key");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JSON.readTree(bad.body()).get("field").asText()).isEqualTo("window");
    }

    private JsonNode stats(String query, int expectedStatus) throws Exception {
        HttpResponse<String> response = getWithKey("/api/v1/stats" + query, "it-admin-key");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
        return JSON.readTree(response.body());
    }

    private static List<String> windowStarts(JsonNode windows) {
        List<String> starts = new ArrayList<>();
        windows.forEach(w -> starts.add(w.get("windowStart").asText()));
        return starts;
    }

    private void sink(String language, String verdict, String window, Instant start, Instant end, long count, long p50) {
        jdbc.sql(SINK_ROW).params(language, verdict, window, Timestamp.from(start), Timestamp.from(end), count,
                p50, 2 * p50, 3 * p50).update();
    }
}

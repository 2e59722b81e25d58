package dev.codeexec.api.web;

import static dev.codeexec.api.support.ProblemMatchers.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.codeexec.api.stats.StatsStorePort.StatsQuery;
import dev.codeexec.api.stats.StatsWindowView;
import dev.codeexec.api.support.InMemoryStats;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/** {@code GET /api/v1/stats}: who may read it, which filters are refused, the shape of the answer. */
@WebMvcTest(properties = {"codeexec.api.key=test-key", "codeexec.api.admin-key=admin-key"})
@Import(WebSliceConfig.class)
class StatsWebTest {

    private static final Instant T0 = Instant.parse("2026-11-26T05:00:00Z");

    @Autowired MockMvc mvc;
    @Autowired InMemoryStats stats;

    @BeforeEach
    void reset() {
        stats.windows.clear();
        stats.lastQuery = null;
    }

    @Test
    void withoutAKeyIs401() throws Exception {
        mvc.perform(get("/api/v1/stats"))
                .andExpect(problem(401));
        assertThat(stats.lastQuery).isNull();
    }

    @Test
    void aKeyThatIsNotAdminIs403() throws Exception {
        mvc.perform(get("/api/v1/stats").header("X-Api-Key", "test-key"))
                .andExpect(problem(403));
        assertThat(stats.lastQuery).isNull();
    }

    @ParameterizedTest
    @CsvSource({
        "window=5m, window",
        "window=1d, window",
        "language=cobol, language",
        "verdict=MAYBE, verdict",
        "limit=0, limit",
        "limit=1001, limit",
        "limit=-3, limit",
        "limit=ten, limit",
    })
    void badParametersAre400NamingTheField(String query, String field) throws Exception {
        mvc.perform(get("/api/v1/stats?" + query).header("X-Api-Key", "admin-key"))
                .andExpect(problem(400, field));
        assertThat(stats.lastQuery).isNull();
    }

    @Test
    void defaultsAreTheOneMinuteWindowsAndAHundredRows() throws Exception {
        mvc.perform(get("/api/v1/stats").header("Authorization", "Bearer admin-key"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.windows").isArray());
        assertThat(stats.lastQuery).isEqualTo(new StatsQuery("1m", null, null, 100));
    }

    @Test
    void filtersArePassedOnAndTheVerdictIsCaseInsensitive() throws Exception {
        mvc.perform(get("/api/v1/stats?window=1h&language=cpp&verdict=wrong_answer&limit=5")
                        .header("X-Api-Key", "admin-key"))
                .andExpect(status().isOk());
        assertThat(stats.lastQuery).isEqualTo(new StatsQuery("1h", "cpp", "WRONG_ANSWER", 5));
    }

    @Test
    void answerNamesEveryFieldNewestWindowFirst() throws Exception {
        stats.windows.add(window("python", T0.plusSeconds(60))); // as the store answers: newest first
        stats.windows.add(window("python", T0));
        mvc.perform(get("/api/v1/stats").header("X-Api-Key", "admin-key"))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", MediaType.APPLICATION_JSON_VALUE))
                .andExpect(jsonPath("$.windows.length()").value(2))
                .andExpect(jsonPath("$.windows[0].language").value("python"))
                .andExpect(jsonPath("$.windows[0].verdict").value("ACCEPTED"))
                .andExpect(jsonPath("$.windows[0].window").value("1m"))
                .andExpect(jsonPath("$.windows[0].windowStart").value("2026-11-26T05:01:00Z"))
                .andExpect(jsonPath("$.windows[0].windowEnd").value("2026-11-26T05:02:00Z"))
                .andExpect(jsonPath("$.windows[0].count").value(12))
                .andExpect(jsonPath("$.windows[0].p50WallTimeMs").value(40))
                .andExpect(jsonPath("$.windows[0].p95WallTimeMs").value(90))
                .andExpect(jsonPath("$.windows[0].p99WallTimeMs").value(120))
                .andExpect(jsonPath("$.windows[1].windowStart").value("2026-11-26T05:00:00Z"));
    }

    private static StatsWindowView window(String language, Instant start) {
        return new StatsWindowView(language, "ACCEPTED", "1m", start, start.plusSeconds(60), 12, 40, 90, 120);
    }
}

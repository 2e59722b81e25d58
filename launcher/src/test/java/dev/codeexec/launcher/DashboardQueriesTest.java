package dev.codeexec.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The metric names {@link DashboardQueries} finds in PromQL, and the dashboard's own shape. */
class DashboardQueriesTest {

    @Test
    void findsTheMetricsAndNotFunctionsLabelsStringsOrRanges() {
        assertThat(DashboardQueries.metricNames("histogram_quantile(0.95, sum by (le, language) "
                + "(rate(codeexec_executor_execution_seconds_bucket{verdict!=\"x_y\"}[$__rate_interval])))"))
                .containsExactly("codeexec_executor_execution_seconds_bucket");
        assertThat(DashboardQueries.metricNames("sum(codeexec_executor_slots_busy) / sum without (instance) "
                + "(codeexec_executor_slots) > bool 0.5 and on (job) up offset 5m"))
                .containsExactly("codeexec_executor_slots_busy", "codeexec_executor_slots", "up");
        assertThat(DashboardQueries.metricNames("max by (partition) (codeexec_api_backlog_partition)"))
                .containsExactly("codeexec_api_backlog_partition");
    }

    @Test
    void everyPanelOfTheDashboardQueriesAtLeastOneMetric() throws Exception {
        Map<String, Set<String>> queries = DashboardQueries.read(DashboardQueries.CODEEXEC);
        assertThat(queries).hasSizeGreaterThanOrEqualTo(15);
        assertThat(queries).allSatisfy((expr, names) -> assertThat(names).as(expr).isNotEmpty());
        assertThat(DashboardQueries.panels(DashboardQueries.CODEEXEC))
                .filteredOn(p -> !"row".equals(p.path("type").asString()))
                .allSatisfy(p -> assertThat(p.path("targets")).as(p.path("title").asString()).isNotEmpty());
    }
}

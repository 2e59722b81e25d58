package dev.codeexec.executor.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeexec.schemas.Verdict;
import dev.codeexec.schemas.languages.LanguageCatalogue;
import dev.codeexec.schemas.v1.ExecutionResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExecutorMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ExecutorMetrics metrics = new ExecutorMetrics(registry, 2, LanguageCatalogue.builtIn());

    @Test
    void resultsOfCatalogueLanguagesAreTaggedWithTheirLanguage() {
        metrics.result(result("python", Verdict.ACCEPTED), 1_000_000);
        metrics.result(result("python", Verdict.ACCEPTED), 1_000_000);

        assertThat(registry.get("codeexec.executor.results").tag("language", "python").tag("verdict", "ACCEPTED")
                .counter().count()).isEqualTo(2);
        assertThat(registry.get("codeexec.executor.execution").tag("language", "python").timer().count()).isEqualTo(2);
    }

    @Test
    void hostileRecordsNamingMadeUpLanguagesCannotGrowTheRegistry() {
        for (int i = 0; i < 1000; i++) {
            metrics.result(result("lang-" + i, Verdict.REJECTED), 1_000);
        }
        metrics.result(result(null, Verdict.REJECTED), 1_000);

        assertThat(registry.find("codeexec.executor.results").counters()).hasSize(1);
        assertThat(registry.find("codeexec.executor.execution").timers()).hasSize(1);
        assertThat(registry.get("codeexec.executor.results").tag("language", ExecutorMetrics.UNKNOWN_LANGUAGE)
                .counter().count()).isEqualTo(1001);
    }

    private static ExecutionResult result(String language, Verdict verdict) {
        return new ExecutionResult(ExecutionResult.VERSION, "s-1", "default", language, verdict, null, null, List.of(),
                null, null, "exec", Instant.EPOCH, Instant.EPOCH);
    }
}

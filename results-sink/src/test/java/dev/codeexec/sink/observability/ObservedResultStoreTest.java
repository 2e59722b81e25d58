package dev.codeexec.sink.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codeexec.schemas.Verdict;
import dev.codeexec.schemas.v1.StatusEvent;
import dev.codeexec.sink.persist.StoredResult;
import dev.codeexec.sink.persist.ResultStorePort;
import dev.codeexec.sink.support.TestRecords;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Only committed rows are counted; a failed transaction is timed as failed and counts no result. */
class ObservedResultStoreTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final FailingOnce rows = new FailingOnce();
    private final ObservedResultStore store = new ObservedResultStore(rows, registry);

    @Test
    void countsResultsByVerdictOnlyWhenTheirRowsCommitted() {
        List<StoredResult> batch = List.of(
                new StoredResult(TestRecords.result("a", TestRecords.run(0, "x")), List.of()),
                new StoredResult(TestRecords.result("b", TestRecords.run(0, Verdict.WRONG_ANSWER, new byte[0], new byte[0])),
                        List.of()));

        assertThatThrownBy(() -> store.saveResults(batch)).hasMessage("database down");
        assertThat(registry.find("codeexec.sink.results.stored").counters()).isEmpty();
        assertThat(registry.get("codeexec.sink.persist").tag("outcome", "failed").timer().count()).isEqualTo(1);

        store.saveResults(batch);

        assertThat(registry.get("codeexec.sink.results.stored").tag("verdict", "ACCEPTED").counter().count()).isEqualTo(1);
        assertThat(registry.get("codeexec.sink.results.stored").tag("verdict", "WRONG_ANSWER").counter().count()).isEqualTo(1);
        assertThat(registry.get("codeexec.sink.persist").tag("outcome", "stored").timer().count()).isEqualTo(1);
    }

    /** A store whose first saveResults fails as a database outage would. */
    private static final class FailingOnce implements ResultStorePort {
        private boolean failed;

        @Override
        public Set<String> withResult(Collection<String> submissionIds) {
            return Set.of();
        }

        @Override
        public void saveResults(List<StoredResult> results) {
            if (!failed) {
                failed = true;
                throw new IllegalStateException("database down");
            }
        }

        @Override
        public void saveStatuses(List<StatusEvent> events) {
        }

        @Override
        public boolean saveInternalError(String submissionId, Optional<String> tenant, String detail) {
            return false;
        }
    }
}

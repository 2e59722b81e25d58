package dev.codeexec.sink.observability;

import dev.codeexec.schemas.LogKeys;
import dev.codeexec.schemas.v1.StatusEvent;
import dev.codeexec.sink.persist.StoredResult;
import dev.codeexec.sink.persist.ResultStorePort;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The store of rows, measured and logged: {@code codeexec.sink.results.stored} (tag {@code verdict}) counts
 * results whose rows were committed, {@code codeexec.sink.statuses.stored} status events, and the
 * timer {@code codeexec.sink.persist} (histogram buckets from 5 ms to 5 s) the time of each batch's rows transaction,
 * failed ones included ({@code outcome} {@code stored} or {@code failed}). Only committed work is
 * counted: a batch that failed and is retried counts once, when it commits. Each stored result is
 * also logged, with its id in the log context ({@link LogKeys#SUBMISSION_ID}) and, when its record
 * carried one, the trace id of its submission ({@link LogKeys#TRACE_ID}, see {@link SubmissionTraces}).
 */
public final class ObservedResultStore implements ResultStorePort {

    /** Histogram buckets of {@code codeexec.sink.persist} (Prometheus {@code le}). */
    private static final Duration[] BUCKETS = Stream.of(5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000)
            .map(Duration::ofMillis).toArray(Duration[]::new);

    private static final Logger log = LoggerFactory.getLogger(ObservedResultStore.class);

    private final ResultStorePort rows;
    private final MeterRegistry registry;
    private final Counter statuses;
    private final SubmissionTraces traces;

    public ObservedResultStore(ResultStorePort rows, MeterRegistry registry) {
        this(rows, registry, SubmissionTraces.none());
    }

    public ObservedResultStore(ResultStorePort rows, MeterRegistry registry, SubmissionTraces traces) {
        this.rows = rows;
        this.registry = registry;
        this.traces = traces;
        this.statuses = Counter.builder("codeexec.sink.statuses.stored")
                .description("status events written to PostgreSQL").register(registry);
    }

    @Override
    public Set<String> withResult(Collection<String> submissionIds) {
        return rows.withResult(submissionIds);
    }

    @Override
    public void saveResults(List<StoredResult> results) {
        long start = System.nanoTime();
        String outcome = "failed";
        try {
            rows.saveResults(results);
            outcome = "stored";
        } finally {
            Timer.builder("codeexec.sink.persist").tag("outcome", outcome).serviceLevelObjectives(BUCKETS)
                    .description("time to write one batch of result rows in one transaction")
                    .register(registry).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
        for (StoredResult r : results) {
            Counter.builder("codeexec.sink.results.stored").tag("verdict", r.result().verdict().name())
                    .description("results whose rows PostgreSQL committed").register(registry).increment();
            String id = r.result().submissionId();
            traces.inTraceOf(id, () -> {
                try (MDC.MDCCloseable logContext = MDC.putCloseable(LogKeys.SUBMISSION_ID, id)) {
                    log.info("submission {} stored: {}", id, r.result().verdict());
                }
            });
        }
    }

    @Override
    public void saveStatuses(List<StatusEvent> events) {
        rows.saveStatuses(events);
        statuses.increment(events.size());
    }

    @Override
    public boolean saveInternalError(String submissionId, Optional<String> tenant, String detail) {
        return rows.saveInternalError(submissionId, tenant, detail);
    }
}

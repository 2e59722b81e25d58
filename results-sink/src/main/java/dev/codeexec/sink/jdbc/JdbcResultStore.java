package dev.codeexec.sink.jdbc;

import dev.codeexec.schemas.SubmissionStatus;
import dev.codeexec.schemas.json.Json;
import dev.codeexec.schemas.v1.ExecutionResult;
import dev.codeexec.schemas.v1.RunOutcome;
import dev.codeexec.schemas.v1.StatusEvent;
import dev.codeexec.sink.persist.StoredOutput;
import dev.codeexec.sink.persist.StoredResult;
import dev.codeexec.sink.persist.StoredRun;
import dev.codeexec.sink.persist.ResultStorePort;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Submissions, runs and status history in PostgreSQL (schema in the {@code storage} module).
 * Rows of a batch are written in submission-id order so that concurrent transactions of the
 * result and status listeners lock rows in the same order. Data PostgreSQL refuses for good comes
 * out as {@link dev.codeexec.sink.persist.UnstorableRecordException} ({@link RefusedData}).
 */
public final class JdbcResultStore implements ResultStorePort {

    private static final String UPSERT_RESULT = """
            INSERT INTO submissions (id, tenant, language, status, status_rank, verdict, verdict_detail,
                exit_code, signal, time_limit, cpu_time_ms, wall_time_ms, memory_kb, compile, metadata,
                callback_url, executor_id, started_at, finished_at, created_at, updated_at)
            VALUES (?, COALESCE(?, 'default'), ?, 'COMPLETED', 2, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb,
                ?, ?, ?, ?, COALESCE(?, now()), now())
            ON CONFLICT (id) DO UPDATE SET
                language = COALESCE(submissions.language, EXCLUDED.language),
                status = 'COMPLETED', status_rank = 2,
                verdict = EXCLUDED.verdict, verdict_detail = EXCLUDED.verdict_detail,
                exit_code = EXCLUDED.exit_code, signal = EXCLUDED.signal, time_limit = EXCLUDED.time_limit,
                cpu_time_ms = EXCLUDED.cpu_time_ms, wall_time_ms = EXCLUDED.wall_time_ms,
                memory_kb = EXCLUDED.memory_kb, compile = EXCLUDED.compile,
                metadata = COALESCE(submissions.metadata, EXCLUDED.metadata),
                callback_url = COALESCE(submissions.callback_url, EXCLUDED.callback_url),
                executor_id = COALESCE(EXCLUDED.executor_id, submissions.executor_id),
                started_at = COALESCE(submissions.started_at, EXCLUDED.started_at),
                finished_at = EXCLUDED.finished_at, updated_at = now()
            WHERE submissions.verdict IS NULL
            """;

    private static final String INSERT_RUN = """
            INSERT INTO runs (submission_id, test_case, verdict, verdict_detail, exit_code, signal, time_limit,
                cpu_time_ms, wall_time_ms, memory_kb,
                stdout, stdout_truncated, stdout_size, stdout_object,
                stderr, stderr_truncated, stderr_size, stderr_object)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (submission_id, test_case) DO NOTHING
            """;

    private static final String UPSERT_STATUS = """
            INSERT INTO submissions (id, tenant, status, status_rank, executor_id, metadata, started_at,
                created_at, updated_at)
            VALUES (?, COALESCE(?, 'default'), ?, ?, ?, ?::jsonb, ?, ?, now())
            ON CONFLICT (id) DO UPDATE SET
                status = EXCLUDED.status, status_rank = EXCLUDED.status_rank,
                executor_id = COALESCE(EXCLUDED.executor_id, submissions.executor_id),
                started_at = COALESCE(submissions.started_at, EXCLUDED.started_at),
                updated_at = now()
            WHERE submissions.status_rank < EXCLUDED.status_rank
            """;

    private static final String INSERT_HISTORY = """
            INSERT INTO status_history (submission_id, status, at, executor_id) VALUES (?, ?, ?, ?)
            ON CONFLICT (submission_id, status) DO NOTHING
            """;

    private static final String UPSERT_INTERNAL_ERROR = """
            INSERT INTO submissions (id, tenant, status, status_rank, verdict, verdict_detail, finished_at,
                created_at, updated_at)
            VALUES (?, ?, 'COMPLETED', 2, 'INTERNAL_ERROR', ?, now(), now(), now())
            ON CONFLICT (id) DO UPDATE SET
                status = 'COMPLETED', status_rank = 2, verdict = 'INTERNAL_ERROR',
                verdict_detail = EXCLUDED.verdict_detail, finished_at = now(), updated_at = now()
            WHERE submissions.verdict IS NULL
            """;

    private static final String UPDATE_INTERNAL_ERROR = """
            UPDATE submissions SET status = 'COMPLETED', status_rank = 2, verdict = 'INTERNAL_ERROR',
                verdict_detail = ?, finished_at = now(), updated_at = now()
            WHERE id = ? AND verdict IS NULL
            """;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    public JdbcResultStore(JdbcTemplate jdbc, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    @Override
    public Set<String> withResult(Collection<String> submissionIds) {
        if (submissionIds.isEmpty()) {
            return Set.of();
        }
        String[] ids = submissionIds.toArray(String[]::new);
        return new HashSet<>(jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement(
                    "SELECT id FROM submissions WHERE id = ANY (?) AND verdict IS NOT NULL");
            ps.setArray(1, con.createArrayOf("text", ids));
            return ps;
        }, (rs, row) -> rs.getString(1)));
    }

    @Override
    public void saveResults(List<StoredResult> results) {
        List<StoredResult> sorted = results.stream()
                .sorted(Comparator.comparing(r -> r.result().submissionId())).toList();
        List<Object[]> runs = new ArrayList<>();
        List<Object[]> history = new ArrayList<>();
        for (StoredResult stored : sorted) {
            ExecutionResult result = stored.result();
            for (StoredRun run : stored.runs()) {
                runs.add(runRow(result.submissionId(), run));
            }
            history.add(new Object[] {result.submissionId(), SubmissionStatus.COMPLETED.name(),
                    timestamp(result.finishedAt()), result.executorId()});
        }
        inTransaction(() -> {
            jdbc.batchUpdate(UPSERT_RESULT, sorted, sorted.size(), (ps, stored) -> bindResult(ps, stored.result()));
            jdbc.batchUpdate(INSERT_RUN, runs, runs.size(), JdbcResultStore::bind);
            jdbc.batchUpdate(INSERT_HISTORY, history, history.size(), JdbcResultStore::bind);
        });
    }

    /**
     * One row change per submission: the batched inserts are rewritten into one multi-row
     * statement ({@code reWriteBatchedInserts}), and PostgreSQL refuses an {@code ON CONFLICT DO
     * UPDATE} that touches the same row twice, so a batch holding two events of one submission
     * (RUNNING and COMPLETED, or a redelivery) would fail, and be retried, forever.
     */
    @Override
    public void saveStatuses(List<StatusEvent> events) {
        List<StatusEvent> sorted = events.stream()
                .sorted(Comparator.comparing(StatusEvent::submissionId)
                        .thenComparing(e -> e.status().ordinal())).toList();
        List<Object[]> rows = new ArrayList<>();
        List<Object[]> history = new ArrayList<>();
        for (int from = 0; from < sorted.size(); ) {
            int to = from;
            while (to < sorted.size() && sorted.get(to).submissionId().equals(sorted.get(from).submissionId())) {
                to++;
            }
            List<StatusEvent> same = sorted.subList(from, to);
            rows.add(statusRow(same));
            same.stream().filter(distinctStatus()).forEach(e -> history.add(new Object[] {
                    e.submissionId(), e.status().name(), timestamp(e.at()), e.executorId()}));
            from = to;
        }
        inTransaction(() -> {
            jdbc.batchUpdate(UPSERT_STATUS, rows, rows.size(), JdbcResultStore::bind);
            jdbc.batchUpdate(INSERT_HISTORY, history, history.size(), JdbcResultStore::bind);
        });
    }

    /**
     * The row change of one submission's events (sorted by status): what applying them one by one
     * would leave. The first event inserts the row (tenant, metadata, created_at), the furthest
     * status wins, the first RUNNING sets started_at, the furthest event's executor is kept.
     */
    private static Object[] statusRow(List<StatusEvent> same) {
        StatusEvent first = same.get(0);
        StatusEvent furthest = same.stream().max(Comparator.comparing(e -> rowStatus(e).ordinal())).orElseThrow();
        SubmissionStatus row = rowStatus(furthest);
        Timestamp started = same.stream().filter(e -> e.status() == SubmissionStatus.RUNNING).findFirst()
                .map(e -> timestamp(e.at())).orElse(null);
        String executor = furthest.executorId() != null ? furthest.executorId()
                : same.stream().map(StatusEvent::executorId).filter(Objects::nonNull).reduce((a, b) -> b).orElse(null);
        return new Object[] {first.submissionId(), first.tenant(), row.name(), (short) row.ordinal(), executor,
                json(first.metadata()), started, timestamp(first.at())};
    }

    private static Predicate<StatusEvent> distinctStatus() {
        Set<SubmissionStatus> seen = EnumSet.noneOf(SubmissionStatus.class);
        return e -> seen.add(e.status());
    }

    @Override
    public boolean saveInternalError(String submissionId, Optional<String> tenant, String detail) {
        int[] changed = new int[1];
        inTransaction(() -> {
            changed[0] = tenant.isPresent()
                    ? jdbc.update(UPSERT_INTERNAL_ERROR, submissionId, tenant.get(), detail)
                    : jdbc.update(UPDATE_INTERNAL_ERROR, detail, submissionId);
            if (changed[0] > 0) {
                jdbc.update(INSERT_HISTORY, submissionId, SubmissionStatus.COMPLETED.name(), Timestamp.from(Instant.now()),
                        null);
            }
        });
        return changed[0] > 0;
    }

    private void inTransaction(Runnable work) {
        try {
            transaction.executeWithoutResult(tx -> work.run());
        } catch (DataAccessException e) {
            throw RefusedData.classify(e);
        }
    }

    /**
     * The status a status event may give the row. Only the result makes a row COMPLETED: the
     * executor commits the result and the COMPLETED event together, but they travel on two topics
     * and are persisted by two listeners, so the event may land first. A COMPLETED row without its
     * verdict would tell API readers the run finished with nothing to show; the event still goes
     * to status_history.
     */
    private static SubmissionStatus rowStatus(StatusEvent e) {
        return e.status() == SubmissionStatus.COMPLETED ? SubmissionStatus.RUNNING : e.status();
    }

    private static void bindResult(PreparedStatement ps, ExecutionResult r) throws SQLException {
        RunOutcome summary = r.summaryRun().orElse(null);
        bind(ps, new Object[] {
                r.submissionId(), r.tenant(), r.language(), r.verdict().name(), r.verdictDetail(),
                summary == null ? null : summary.exitCode(),
                summary == null ? null : summary.signal(),
                summary == null || summary.timeLimit() == null ? null : summary.timeLimit().json(),
                summary == null ? null : summary.cpuTimeMs(),
                summary == null ? null : summary.wallTimeMs(),
                summary == null ? null : summary.memoryKb(),
                r.compile() == null ? null : Json.mapper().writeValueAsString(r.compile()),
                json(r.metadata()), r.callbackUrl(), r.executorId(),
                timestamp(r.startedAt()), timestamp(r.finishedAt()), timestamp(r.startedAt())});
    }

    private static Object[] runRow(String submissionId, StoredRun stored) {
        RunOutcome run = stored.run();
        StoredOutput out = stored.stdout();
        StoredOutput err = stored.stderr();
        return new Object[] {
                submissionId, run.testCase(), run.verdict().name(), run.verdictDetail(), run.exitCode(), run.signal(),
                run.timeLimit() == null ? null : run.timeLimit().json(),
                run.cpuTimeMs(), run.wallTimeMs(), run.memoryKb(),
                out.inline().orElse(null), out.truncated(), out.sizeBytes(), out.objectKey().orElse(null),
                err.inline().orElse(null), err.truncated(), err.sizeBytes(), err.objectKey().orElse(null)};
    }

    private static void bind(PreparedStatement ps, Object[] values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            Object value = values[i];
            if (value == null) {
                ps.setNull(i + 1, Types.NULL);
            } else if (value instanceof byte[] bytes) {
                ps.setBytes(i + 1, bytes);
            } else {
                ps.setObject(i + 1, value);
            }
        }
    }

    private static String json(Map<String, String> map) {
        return map == null ? null : Json.mapper().writeValueAsString(map);
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}

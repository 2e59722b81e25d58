package dev.codeexec.sink.reaper;

import dev.codeexec.schemas.Verdict;
import dev.codeexec.schemas.v1.ExecutionResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finishes submissions that would otherwise stay QUEUED or RUNNING for ever: one whose row was
 * written but whose record never reached Kafka (the API died between the two), one whose record
 * was lost or deleted before it ran. Such a submission gets one terminal result,
 * {@code INTERNAL_ERROR} with the reason, published on the results topic (so consumers, the sink
 * and webhooks see it like any result).
 *
 * <p>A result must never be published for a submission an executor may still answer: that would
 * make two results. So a submission is finished only when, in this order,
 * <ol>
 *   <li>it is past its deadline plus {@code margin};</li>
 *   <li>the executors have consumed every submission record produced before
 *       {@code createdAt + slack} (its record, if there is one, has been run and its result
 *       committed: a submission waiting in a backlog is never cut short);</li>
 *   <li>in a later run, the sink has stored every result produced before the time step 2 held,
 *       plus {@code slack}, and the row is still open.</li>
 * </ol>
 * {@code slack} covers the producer's retries and clock skew between machines.
 */
public final class ReapOverdue {

    private final OverdueSubmissionsPort rows;
    private final QueueProgressPort queues;
    private final ResultPublisherPort results;
    private final Settings settings;
    private final Clock clock;
    /** Submissions whose record no executor holds any more, with the time that was seen. */
    private final Map<String, Instant> unheld = new HashMap<>();

    public ReapOverdue(OverdueSubmissionsPort rows, QueueProgressPort queues, ResultPublisherPort results,
            Settings settings, Clock clock) {
        this.rows = rows;
        this.queues = queues;
        this.results = results;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * @param margin       how long past its deadline a submission may be before it is looked at
     * @param defaultBound the deadline, after creation, of a submission that has none (produced straight to Kafka)
     * @param slack        producer retries and clock skew allowed for when comparing record times
     * @param batchSize    submissions looked at per run
     */
    public record Settings(Duration margin, Duration defaultBound, Duration slack, int batchSize) {
    }

    /** What one run did. */
    public record Reaped(int overdue, int finished) {
        static final Reaped NONE = new Reaped(0, 0);
    }

    /** Runs once, unless another sink is running it; returns what it did. */
    public synchronized Reaped run() {
        return rows.exclusively(this::reap).orElse(Reaped.NONE);
    }

    private Reaped reap() {
        Instant now = clock.instant();
        List<OverdueSubmissionsPort.Overdue> overdue = rows.overdue(now.minus(settings.margin()),
                settings.defaultBound(), settings.batchSize());
        Set<String> ids = overdue.stream().map(OverdueSubmissionsPort.Overdue::id).collect(Collectors.toSet());
        unheld.keySet().retainAll(ids);
        if (overdue.isEmpty()) {
            return Reaped.NONE;
        }
        Instant executors = queues.executorsFrontier();
        Instant seen = clock.instant();
        Instant stored = unheld.isEmpty() ? Instant.MIN : queues.resultsFrontier();
        int finished = 0;
        for (OverdueSubmissionsPort.Overdue submission : overdue) {
            Instant unheldSince = unheld.get(submission.id());
            if (unheldSince == null) {
                if (submission.createdAt().plus(settings.slack()).isBefore(executors)) {
                    unheld.put(submission.id(), seen);
                }
            } else if (unheldSince.plus(settings.slack()).isBefore(stored) && rows.isOpen(submission.id())) {
                results.publish(internalError(submission, now));
                unheld.remove(submission.id());
                finished++;
            }
        }
        return new Reaped(overdue.size(), finished);
    }

    private static ExecutionResult internalError(OverdueSubmissionsPort.Overdue submission, Instant now) {
        String detail = "internal error: no result by the deadline (" + submission.deadline() + "); the submission was "
                + submission.status() + " and no executor holds its record any more (it never reached Kafka, or "
                + "its record was lost), so it was finished by the reaper";
        return new ExecutionResult(ExecutionResult.VERSION, submission.id(), submission.tenant(), submission.language(),
                Verdict.INTERNAL_ERROR, detail, null, List.of(), submission.metadata(), submission.callbackUrl(),
                null, null, now);
    }
}

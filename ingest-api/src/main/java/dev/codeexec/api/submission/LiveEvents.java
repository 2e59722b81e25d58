package dev.codeexec.api.submission;

import dev.codeexec.api.common.Refusal;
import dev.codeexec.schemas.SubmissionStatus;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Who is watching which submission, and the status changes and results seen for them on Kafka.
 * The Kafka side asks {@link #isWatched} before it decodes a record, so an API that nobody
 * watches through does no work per record beyond a map lookup.
 */
public final class LiveEvents {

    /**
     * A status change ({@code result} false) or the result record itself ({@code result} true,
     * status COMPLETED). A RUNNING event may also say which test case (0-based) of how many has
     * just started; both are null otherwise.
     */
    public record Event(String submissionId, SubmissionStatus status, boolean result, Integer testCase,
            Integer testCases) {

        public Event(String submissionId, SubmissionStatus status, boolean result) {
            this(submissionId, status, result, null, null);
        }

        public boolean isProgress() {
            return testCase != null && testCases != null;
        }
    }

    /** Stops the events of one {@link #subscribe}. */
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    /** How many result ids {@link #completed} remembers: at 1,000 results/s, the last minute. */
    static final int RECENT_RESULTS = 60_000;

    private final Map<String, List<Consumer<Event>>> watchers = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();
    private final int maxWatchers;
    private final Set<String> recentResults = ConcurrentHashMap.newKeySet();
    private final Queue<String> recentOrder = new ConcurrentLinkedQueue<>();
    private final AtomicInteger recentCount = new AtomicInteger();

    /** @param maxWatchers subscriptions held at once over all submissions; more are refused (503) */
    public LiveEvents(int maxWatchers) {
        this.maxWatchers = maxWatchers;
    }

    /**
     * Remembers that the result record of {@code submissionId} went by, watched or not. A client
     * that starts following between the result record and its row being stored would otherwise wait
     * for an event that has passed: {@link #resultSeen} tells it to read the row until it is stored.
     * The newest {@value #RECENT_RESULTS} ids are kept.
     */
    public void completed(String submissionId) {
        if (submissionId == null || !recentResults.add(submissionId)) {
            return;
        }
        recentOrder.add(submissionId);
        if (recentCount.incrementAndGet() > RECENT_RESULTS) {
            String oldest = recentOrder.poll();
            if (oldest != null) {
                recentResults.remove(oldest);
                recentCount.decrementAndGet();
            }
        }
    }

    /** Whether the result record of {@code submissionId} went by lately (see {@link #completed}). */
    public boolean resultSeen(String submissionId) {
        return recentResults.contains(submissionId);
    }

    /** Calls {@code listener} (on the Kafka thread: it must not block) for every event of {@code submissionId}. */
    public Subscription subscribe(String submissionId, Consumer<Event> listener, int retryAfterSeconds) {
        if (count.incrementAndGet() > maxWatchers) {
            count.decrementAndGet();
            throw Refusal.unavailable(
                    "too many clients are following submissions on this server; poll GET /submissions/{id} or retry later",
                    retryAfterSeconds);
        }
        watchers.computeIfAbsent(submissionId, id -> new CopyOnWriteArrayList<>()).add(listener);
        AtomicInteger closed = new AtomicInteger();
        return () -> {
            if (closed.getAndIncrement() == 0) {
                count.decrementAndGet();
                watchers.computeIfPresent(submissionId, (id, list) -> {
                    list.remove(listener);
                    return list.isEmpty() ? null : list;
                });
            }
        };
    }

    public boolean isWatched(String submissionId) {
        return submissionId != null && watchers.containsKey(submissionId);
    }

    /** Hands {@code event} to its submission's watchers; a watcher that throws does not stop the others. */
    public void publish(Event event) {
        List<Consumer<Event>> list = watchers.get(event.submissionId());
        if (list == null) {
            return;
        }
        for (Consumer<Event> listener : list) {
            try {
                listener.accept(event);
            } catch (RuntimeException ignored) {
                // a watcher whose client went away; its own cleanup unsubscribes it
            }
        }
    }

    /** Subscriptions held now. */
    public int watchers() {
        return count.get();
    }
}

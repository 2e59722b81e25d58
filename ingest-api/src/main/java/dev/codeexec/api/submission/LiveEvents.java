package dev.codeexec.api.submission;

import dev.codeexec.api.common.Refusal;
import dev.codeexec.schemas.SubmissionStatus;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

    private final Map<String, List<Consumer<Event>>> watchers = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();
    private final int maxWatchers;

    /** @param maxWatchers subscriptions held at once over all submissions; more are refused (503) */
    public LiveEvents(int maxWatchers) {
        this.maxWatchers = maxWatchers;
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

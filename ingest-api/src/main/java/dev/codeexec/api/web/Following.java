package dev.codeexec.api.web;

import dev.codeexec.api.common.Caller;
import dev.codeexec.api.submission.LiveEvents;
import dev.codeexec.api.submission.QuerySubmissions;
import dev.codeexec.api.submission.SubmissionView;
import dev.codeexec.schemas.SubmissionStatus;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Follows one submission for a client without holding a thread: status changes come from
 * {@link LiveEvents} (the status and result topics); once the result record is seen, the stored
 * view is read (the sink stores it moments later, so a few quick reads, then one a second).
 * Each status is reported once and in order, then the completed view once. While RUNNING, each
 * test case that starts (of a submission with several) is reported once and in order.
 */
final class Following {

    /** What a client is told. Called on Kafka's or a reader's thread: must not block. */
    interface Watcher {
        void status(SubmissionStatus status);

        void completed(SubmissionView view);

        /** Test case {@code testCase} (0-based) of {@code testCases} has started; after RUNNING, before the result. */
        default void testCaseStarted(int testCase, int testCases) {
            // most watchers only follow the status
        }

        /** A watcher told only of the completed view. */
        static Watcher whenCompleted(java.util.function.Consumer<SubmissionView> completed) {
            return new Watcher() {
                @Override
                public void status(SubmissionStatus status) {
                    // only the end matters to this one
                }

                @Override
                public void completed(SubmissionView view) {
                    completed.accept(view);
                }
            };
        }
    }

    /** Stops following (the client went away or its time ran out). */
    interface Handle {
        void close();
    }

    /**
     * The wait before each read of the stored view, from the result record (the first) or from the
     * previous read: the sink stores a result 10-30 ms after it is committed, so a read every 4 ms
     * for the first 20 ms (at most five primary-key reads more than before, and only for a waiting
     * client), then backing off to one a second. Each wait follows the previous read, so a slow
     * database is never read in a burst.
     */
    private static final long[] STORED_READ_GAPS_MS = {0, 4, 4, 4, 4, 4, 10, 20, 50, 100, 200, 400, 1000};

    private final QuerySubmissions query;
    private final LiveEvents live;
    private final ScheduledExecutorService readers;
    private final int retryAfterSeconds;

    Following(QuerySubmissions query, LiveEvents live, ScheduledExecutorService readers, int retryAfterSeconds) {
        this.query = query;
        this.live = live;
        this.readers = readers;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Starts following {@code id}, whose view the caller has just read as {@code first} (so it exists and is theirs). */
    Handle follow(Caller caller, String id, SubmissionView first, Watcher watcher) {
        Follower follower = new Follower(caller, id, watcher);
        follower.start(first);
        return follower::stop;
    }

    private final class Follower {

        private final Caller caller;
        private final String id;
        private final Watcher watcher;
        private LiveEvents.Subscription subscription;
        private int reportedRank = -1;
        private int reportedTestCase = -1;
        private boolean done;
        private boolean reading;

        Follower(Caller caller, String id, Watcher watcher) {
            this.caller = caller;
            this.id = id;
            this.watcher = watcher;
        }

        void start(SubmissionView first) {
            if (isCompleted(first)) {
                show(first);
                return;
            }
            LiveEvents.Subscription s = live.subscribe(id, this::onEvent, retryAfterSeconds);
            synchronized (this) {
                subscription = s;
            }
            // read again now that events are followed: a change between the two reads is not missed
            show(query.find(caller, id));
            if (live.resultSeen(id)) {
                // its result went by before we followed, its row not stored yet: no event will come
                onEvent(new LiveEvents.Event(id, SubmissionStatus.COMPLETED, true));
            }
        }

        private synchronized void onEvent(LiveEvents.Event event) {
            if (done) {
                return;
            }
            report(event.status());
            if (event.isProgress() && reportedRank == SubmissionStatus.RUNNING.ordinal()
                    && event.testCase() > reportedTestCase) {
                reportedTestCase = event.testCase();
                watcher.testCaseStarted(event.testCase(), event.testCases());
            }
            if (event.status() == SubmissionStatus.COMPLETED && !reading) {
                reading = true;
                readStored(0);
            }
        }

        private void readStored(int attempt) {
            readers.schedule(() -> {
                SubmissionView view = null;
                try {
                    view = query.find(caller, id);
                } catch (RuntimeException e) {
                    // the database is away for a moment: read again
                }
                if (view != null && isCompleted(view)) {
                    show(view);
                } else if (!isDone()) {
                    readStored(attempt + 1);
                }
            }, gapBeforeRead(attempt), TimeUnit.MILLISECONDS);
        }

        private synchronized boolean isDone() {
            return done;
        }

        private synchronized void show(SubmissionView view) {
            if (done) {
                return;
            }
            report(SubmissionStatus.valueOf(view.status()));
            if (isCompleted(view)) {
                stop();
                watcher.completed(view);
            }
        }

        private void report(SubmissionStatus status) {
            if (status.ordinal() > reportedRank) {
                reportedRank = status.ordinal();
                watcher.status(status);
            }
        }

        synchronized void stop() {
            done = true;
            if (subscription != null) {
                subscription.close();
            }
        }
    }

    /** The wait in ms before read {@code attempt} of the stored view (0: the first, at once). */
    static long gapBeforeRead(int attempt) {
        return STORED_READ_GAPS_MS[Math.min(attempt, STORED_READ_GAPS_MS.length - 1)];
    }

    private static boolean isCompleted(SubmissionView view) {
        return SubmissionStatus.COMPLETED.name().equals(view.status());
    }
}

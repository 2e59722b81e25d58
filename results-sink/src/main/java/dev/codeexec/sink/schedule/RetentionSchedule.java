package dev.codeexec.sink.schedule;

import dev.codeexec.sink.retention.PurgeExpired;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;

/** Runs {@link PurgeExpired} every interval while the application runs; a failed run is logged and tried next time. */
public final class RetentionSchedule implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RetentionSchedule.class);

    private final PurgeExpired purge;
    private final TaskScheduler scheduler;
    private final Duration interval;
    private volatile ScheduledFuture<?> task;

    public RetentionSchedule(PurgeExpired purge, TaskScheduler scheduler, Duration interval) {
        this.purge = purge;
        this.scheduler = scheduler;
        this.interval = interval;
    }

    void runOnce() {
        try {
            PurgeExpired.Purged purged = purge.run();
            if (purged.submissions() > 0 || purged.statsWindows() > 0) {
                log.info("retention deleted {} expired submissions and {} statistics windows", purged.submissions(),
                        purged.statsWindows());
            }
        } catch (RuntimeException e) {
            log.warn("retention run failed, will try again in {}: {}", interval, e.toString());
        }
    }

    @Override
    public void start() {
        task = scheduler.scheduleWithFixedDelay(this::runOnce, interval);
    }

    @Override
    public void stop() {
        ScheduledFuture<?> running = task;
        if (running != null) {
            running.cancel(false);
        }
        task = null;
    }

    @Override
    public boolean isRunning() {
        return task != null;
    }
}

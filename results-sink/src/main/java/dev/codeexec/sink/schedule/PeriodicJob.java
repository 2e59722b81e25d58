package dev.codeexec.sink.schedule;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;

/**
 * Runs one job (retention, the reaper) every interval while the application runs, one run at a
 * time. The job returns what it did worth a log line, or null when it did nothing; a failed run
 * is logged and tried again next time.
 */
public final class PeriodicJob implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PeriodicJob.class);

    private final String name;
    private final Supplier<String> job;
    private final TaskScheduler scheduler;
    private final Duration interval;
    private final AtomicLong runs = new AtomicLong();
    private volatile ScheduledFuture<?> task;

    public PeriodicJob(String name, Supplier<String> job, TaskScheduler scheduler, Duration interval) {
        this.name = name;
        this.job = job;
        this.scheduler = scheduler;
        this.interval = interval;
    }

    void runOnce() {
        try {
            String done = job.get();
            if (done != null) {
                log.info("{}: {}", name, done);
            }
        } catch (RuntimeException e) {
            log.warn("{} run failed, will try again in {}: {}", name, interval, e.toString());
        } finally {
            runs.incrementAndGet();
        }
    }

    /** Runs finished (failed ones included) since start. */
    public long runs() {
        return runs.get();
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

package dev.codeexec.executor.health;

import dev.codeexec.executor.sandbox.SandboxPort;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes {@link SandboxPort#available()} at a fixed interval. Tells its listeners when
 * availability changes, so consumption pauses while the sandbox is down and resumes when it is
 * back. A run that finds the sandbox unavailable although the probe says it answers (an image
 * missing, a box that died) marks it down for a hold that doubles with each such failure in a row
 * (1 s up to 60 s) and is forgotten after a run the sandbox served: retries back off, and health
 * stays DOWN meanwhile instead of flapping.
 */
public final class SandboxWatch implements AutoCloseable {

    /** Told on every change of availability. */
    public interface Listener {
        void availabilityChanged(boolean available);
    }

    private static final Logger log = LoggerFactory.getLogger(SandboxWatch.class);

    private final SandboxPort sandbox;
    private final Duration interval;
    static final Duration MAX_HOLD = Duration.ofSeconds(60);

    private final AtomicBoolean available = new AtomicBoolean(true);
    private int failuresInARow;
    private long downUntilNanos = System.nanoTime();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "codeexec-sandbox-watch");
        thread.setDaemon(true);
        return thread;
    });

    public SandboxWatch(SandboxPort sandbox, Duration interval) {
        this.sandbox = sandbox;
        this.interval = interval;
    }

    public void start() {
        scheduler.scheduleWithFixedDelay(this::probe, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public boolean isAvailable() {
        return available.get();
    }

    /** A run found the sandbox unavailable: down now, and for a hold that grows with each failure in a row. */
    public void reportUnavailable() {
        synchronized (this) {
            failuresInARow = Math.min(failuresInARow + 1, 30);
            long holdMillis = Math.min(MAX_HOLD.toMillis(), 500L << failuresInARow);
            downUntilNanos = System.nanoTime() + holdMillis * 1_000_000;
        }
        set(false);
    }

    /** A run was served: failures in a row start again from zero. */
    public synchronized void reportServed() {
        failuresInARow = 0;
    }

    private void probe() {
        boolean up;
        try {
            up = sandbox.available();
        } catch (RuntimeException e) {
            up = false;
        }
        synchronized (this) {
            if (System.nanoTime() - downUntilNanos < 0) {
                up = false;
            }
        }
        set(up);
    }

    private void set(boolean up) {
        if (available.getAndSet(up) != up) {
            if (up) {
                log.info("sandbox is available again: resuming");
            } else {
                log.warn("sandbox is unavailable: pausing consumption until it is back");
            }
            for (Listener listener : listeners) {
                listener.availabilityChanged(up);
            }
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}

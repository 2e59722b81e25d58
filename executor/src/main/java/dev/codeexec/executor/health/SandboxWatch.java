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
 * Probes {@link SandboxPort#available()} at a fixed interval, and at once when a run reports the
 * sandbox unavailable. Tells its listeners when availability changes, so consumption pauses
 * while the sandbox is down and resumes when it is back.
 */
public final class SandboxWatch implements AutoCloseable {

    /** Told on every change of availability. */
    public interface Listener {
        void availabilityChanged(boolean available);
    }

    private static final Logger log = LoggerFactory.getLogger(SandboxWatch.class);

    private final SandboxPort sandbox;
    private final Duration interval;
    private final AtomicBoolean available = new AtomicBoolean(true);
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

    /** A run found the sandbox unavailable: mark it down now, probing brings it back. */
    public void reportUnavailable() {
        set(false);
    }

    private void probe() {
        boolean up;
        try {
            up = sandbox.available();
        } catch (RuntimeException e) {
            up = false;
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

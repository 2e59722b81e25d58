package dev.codeexec.executor.config;

import dev.codeexec.executor.docker.DockerSandbox;
import dev.codeexec.executor.transport.ExecutorFleet;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start and every {@link #INTERVAL}, removes the boxes that executors of this fleet left on
 * this engine when they died, whatever their id: boxes whose executor is not a live member of
 * the consumer group and that are older than the grace period. A round in which the broker or
 * the engine does not answer removes nothing.
 */
final class GoneExecutorJanitor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GoneExecutorJanitor.class);
    static final Duration INTERVAL = Duration.ofSeconds(60);
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(10);

    private final DockerSandbox sandbox;
    private final ExecutorFleet fleet;
    private final String fleetId;
    private final Duration grace;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "codeexec-gone-executor-janitor");
        thread.setDaemon(true);
        return thread;
    });

    GoneExecutorJanitor(DockerSandbox sandbox, ExecutorFleet fleet, String fleetId, Duration grace) {
        this.sandbox = sandbox;
        this.fleet = fleet;
        this.fleetId = fleetId;
        this.grace = grace;
    }

    void start() {
        if (sandbox == null || fleetId == null) {
            return; // not on Docker, or the boxes carry no fleet label: nothing to compare against
        }
        scheduler.scheduleWithFixedDelay(this::sweepQuietly, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One round; returns how many boxes it removed. */
    int sweep() {
        Optional<Set<String>> members = fleet.memberIds(KAFKA_TIMEOUT);
        if (members.isEmpty()) {
            return 0;
        }
        int removed = sandbox.removeBoxesOfGoneExecutors(fleetId, id -> ExecutorFleet.isLive(id, members.get()), grace);
        if (removed > 0) {
            log.info("removed {} boxes of executors that are gone", removed);
        }
        return removed;
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            log.debug("gone executors' boxes not checked this round: {}", e.toString());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}

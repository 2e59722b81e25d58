package dev.codeexec.sink.health;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * DOWN from the moment a listener's write to PostgreSQL or the object store fails until a write
 * of that listener succeeds again; the detail shows the latest error and when the outage began. Listeners report here; the actuator reads it as
 * {@code sinkPersistence}.
 */
public final class DependencyHealth implements HealthIndicator {

    private record Failure(String error, Instant since) {
    }

    private final Map<String, Failure> failures = new ConcurrentHashMap<>();

    /** The listener {@code who} could not persist: report DOWN until it can. */
    public void failed(String who, Exception error) {
        String latest = error.getClass().getSimpleName() + ": " + error.getMessage();
        failures.compute(who, (key, earlier) -> new Failure(latest, earlier == null ? Instant.now() : earlier.since()));
    }

    /** The listener {@code who} persisted a batch. */
    public void succeeded(String who) {
        failures.remove(who);
    }

    public boolean isUp() {
        return failures.isEmpty();
    }

    @Override
    public Health health() {
        if (failures.isEmpty()) {
            return Health.up().build();
        }
        Health.Builder down = Health.down();
        failures.forEach((who, failure) -> down.withDetail(who, Map.of(
                "error", failure.error(), "since", failure.since().toString(), "retrying", true)));
        return down.build();
    }
}

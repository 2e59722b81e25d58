package dev.codeexec.executor.health;

import java.util.function.IntSupplier;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code sandbox} in {@code /actuator/health}: DOWN while the sandbox backend cannot serve (then
 * consumption is paused); details say how many slots are busy.
 */
public final class SandboxHealthIndicator implements HealthIndicator {

    private final SandboxWatch watch;
    private final int slots;
    private final IntSupplier busySlots;

    public SandboxHealthIndicator(SandboxWatch watch, int slots, IntSupplier busySlots) {
        this.watch = watch;
        this.slots = slots;
        this.busySlots = busySlots;
    }

    @Override
    public Health health() {
        Health.Builder health = watch.isAvailable()
                ? Health.up()
                : Health.down().withDetail("reason", "sandbox backend (Docker) unavailable; consumption paused");
        return health.withDetail("slots", slots).withDetail("busySlots", busySlots.getAsInt()).build();
    }
}

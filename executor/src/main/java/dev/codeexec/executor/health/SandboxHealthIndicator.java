package dev.codeexec.executor.health;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** {@code sandbox} in {@code /actuator/health}: DOWN while the sandbox backend cannot serve. */
public final class SandboxHealthIndicator implements HealthIndicator {

    private final SandboxWatch watch;

    public SandboxHealthIndicator(SandboxWatch watch) {
        this.watch = watch;
    }

    @Override
    public Health health() {
        return watch.isAvailable()
                ? Health.up().build()
                : Health.down().withDetail("reason", "sandbox backend (Docker) unavailable; consumption paused").build();
    }
}

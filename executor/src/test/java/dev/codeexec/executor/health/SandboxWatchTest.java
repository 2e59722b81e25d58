package dev.codeexec.executor.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.codeexec.executor.testing.FakeSandbox;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class SandboxWatchTest {

    final FakeSandbox sandbox = new FakeSandbox();
    final List<Boolean> changes = new CopyOnWriteArrayList<>();

    SandboxWatch watch() {
        SandboxWatch watch = new SandboxWatch(sandbox, Duration.ofMillis(20));
        watch.addListener(changes::add);
        watch.start();
        return watch;
    }

    @Test
    void followsTheBackendAndTellsEveryChange() {
        try (SandboxWatch watch = watch()) {
            sandbox.down.set(true);
            await().atMost(Duration.ofSeconds(5)).until(() -> !watch.isAvailable());
            sandbox.down.set(false);
            await().atMost(Duration.ofSeconds(5)).until(watch::isAvailable);

            assertThat(changes).containsExactly(false, true);
        }
    }

    @Test
    void aFailedRunHoldsItDownLongerEachTimeInARowUntilARunIsServed() {
        try (SandboxWatch watch = watch()) {
            long first = downFor(watch);
            long second = downFor(watch);
            long third = downFor(watch);
            watch.reportServed();
            long afterServed = downFor(watch);

            assertThat(first).isBetween(900L, 3_000L);
            assertThat(second).isGreaterThan(first + 500);
            assertThat(third).isGreaterThan(second + 1_000);
            assertThat(afterServed).isLessThan(third - 1_000);
        }
    }

    private static long downFor(SandboxWatch watch) {
        long t0 = System.nanoTime();
        watch.reportUnavailable();
        assertThat(watch.isAvailable()).isFalse();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(10)).until(watch::isAvailable);
        return (System.nanoTime() - t0) / 1_000_000;
    }
}

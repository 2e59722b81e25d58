package dev.codeexec.api.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatNoException;

import dev.codeexec.api.common.Caller;
import dev.codeexec.api.common.Refusal;
import dev.codeexec.api.submission.StoredSubmission;
import dev.codeexec.api.support.InMemoryStore;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AdmissionControlTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final InMemoryStore store = new InMemoryStore();
    private final Caller alice = new Caller("t1", "key-a", false);
    private final Caller bob = new Caller("t1", "key-b", false);

    private AdmissionControl control(double rate, int burst, int maxInFlight, long maxBacklog, BacklogPort backlog) {
        return new AdmissionControl(rate, burst, maxInFlight, maxBacklog, 5, backlog, store, nanos::get);
    }

    @Test
    void aKeyOverItsRateGets429WithRetryAfterAndRecoversAsTokensRefill() {
        AdmissionControl control = control(2, 3, 0, 0, OptionalLong::empty);
        for (int i = 0; i < 3; i++) {
            control.admit(alice, 1);
        }
        assertThatThrownBy(() -> control.admit(alice, 1)).isInstanceOf(Refusal.class)
                .satisfies(e -> {
                    assertThat(((Refusal) e).kind()).isEqualTo(Refusal.Kind.TOO_MANY);
                    assertThat(((Refusal) e).retryAfterSeconds()).isEqualTo(1);
                });
        assertThatNoException().isThrownBy(() -> control.admit(bob, 1));   // per key
        nanos.addAndGet(500_000_000L);                                       // half a second: one token back
        assertThatNoException().isThrownBy(() -> control.admit(alice, 1));
        assertThatThrownBy(() -> control.admit(alice, 1)).isInstanceOf(Refusal.class);
    }

    @Test
    void aTenantWithTooManySubmissionsInFlightGets429() {
        AdmissionControl control = control(0, 0, 2, 0, OptionalLong::empty);
        store.put(row("a", "QUEUED"));
        control.admit(alice, 1);
        store.put(row("b", "RUNNING"));
        assertThatThrownBy(() -> control.admit(alice, 1)).isInstanceOf(Refusal.class)
                .satisfies(e -> assertThat(((Refusal) e).kind()).isEqualTo(Refusal.Kind.TOO_MANY));
        store.put(row("b", "COMPLETED"));
        assertThatNoException().isThrownBy(() -> control.admit(alice, 1));
    }

    @Test
    void aBacklogAtItsBoundGets503AndAnUnknownBacklogAdmits() {
        AtomicLong lag = new AtomicLong(99);
        AdmissionControl control = control(0, 0, 0, 100, () -> OptionalLong.of(lag.get()));
        control.admit(alice, 1);
        lag.set(100);
        assertThatThrownBy(() -> control.admit(alice, 1)).isInstanceOf(Refusal.class)
                .satisfies(e -> {
                    assertThat(((Refusal) e).kind()).isEqualTo(Refusal.Kind.UNAVAILABLE);
                    assertThat(((Refusal) e).retryAfterSeconds()).isEqualTo(5);
                });
        assertThatNoException().isThrownBy(() -> control(0, 0, 0, 100, OptionalLong::empty).admit(alice, 1));
    }

    private static StoredSubmission row(String id, String status) {
        return new StoredSubmission(id, "t1", "python", status, null, null, null, null, null, null, null, null, null,
                null, Instant.now(), null, List.of());
    }
}

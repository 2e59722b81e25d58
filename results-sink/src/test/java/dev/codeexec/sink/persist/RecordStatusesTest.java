package dev.codeexec.sink.persist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeexec.schemas.SubmissionStatus;
import dev.codeexec.schemas.v1.StatusEvent;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordStatusesTest {

    private final List<List<StatusEvent>> saved = new ArrayList<>();
    private final RecordStatuses statuses = new RecordStatuses((ResultStorePort) Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[] {ResultStorePort.class}, (proxy, method, args) -> {
                if (method.getName().equals("saveStatuses")) {
                    @SuppressWarnings("unchecked")
                    List<StatusEvent> events = (List<StatusEvent>) args[0];
                    saved.add(events);
                    return null;
                }
                throw new UnsupportedOperationException(method.getName());
            }));

    @Test
    void testCaseAnnouncementsAreNotStoredTheStatusChangesAre() {
        StatusEvent running = event(SubmissionStatus.RUNNING, null, null);
        StatusEvent second = event(SubmissionStatus.RUNNING, 1, 3);
        StatusEvent completed = event(SubmissionStatus.COMPLETED, null, null);

        statuses.record(List.of(running, event(SubmissionStatus.RUNNING, 0, 3), second, completed));
        statuses.record(List.of(second));

        assertThat(saved).containsExactly(List.of(running, completed));
    }

    private static StatusEvent event(SubmissionStatus status, Integer testCase, Integer testCases) {
        return new StatusEvent(StatusEvent.VERSION, "s-1", "acme", status, Instant.parse("2026-12-03T09:00:00Z"), "e-1",
                null, testCase, testCases);
    }
}

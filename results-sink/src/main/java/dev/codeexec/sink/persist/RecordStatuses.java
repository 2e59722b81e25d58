package dev.codeexec.sink.persist;

import dev.codeexec.schemas.v1.StatusEvent;
import java.util.List;

/**
 * Applies a batch of status events: rows are created when missing and only move forward. The
 * RUNNING events that announce a test case are for live followers (the API's event streams): the
 * row and its history keep one RUNNING, so they are not stored.
 */
public final class RecordStatuses {

    private final ResultStorePort rows;

    public RecordStatuses(ResultStorePort rows) {
        this.rows = rows;
    }

    public void record(List<StatusEvent> events) {
        List<StatusEvent> changes = events.stream().filter(e -> !e.isProgress()).toList();
        if (!changes.isEmpty()) {
            rows.saveStatuses(changes);
        }
    }
}

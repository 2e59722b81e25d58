package dev.codeexec.sink.persist;

import dev.codeexec.schemas.v1.StatusEvent;
import java.util.List;

/** Applies a batch of status events: rows are created when missing and only move forward. */
public final class RecordStatuses {

    private final ResultStorePort rows;

    public RecordStatuses(ResultStorePort rows) {
        this.rows = rows;
    }

    public void record(List<StatusEvent> events) {
        if (!events.isEmpty()) {
            rows.saveStatuses(events);
        }
    }
}

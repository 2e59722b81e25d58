package dev.codeexec.executor.transport;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ids of the last {@code capacity} submissions whose results this executor committed. A
 * submission id stands for one submission, and the sink keeps one result per id, so a second
 * record of an id this executor has answered would only run the program again for nothing: a
 * client's keyed retry that sent the same id again after a stalled broker appended the first
 * record late, or a producer sending a record twice. Records are keyed by id, so both records of an
 * id reach the same partition and, unless the group rebalanced between them, the same executor.
 * Ids are added only once their batch committed: a batch that rolls back runs again in full.
 * Kept in memory, for the executor's lifetime; oldest first out.
 */
public final class RecentlyCompleted {

    private final int capacity;
    private final Map<String, Boolean> ids;

    public RecentlyCompleted(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be 0 or more");
        }
        this.capacity = capacity;
        this.ids = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > RecentlyCompleted.this.capacity;
            }
        };
    }

    public synchronized boolean contains(String id) {
        return ids.containsKey(id);
    }

    public synchronized void addAll(Collection<String> completed) {
        if (capacity > 0) {
            completed.forEach(id -> ids.put(id, Boolean.TRUE));
        }
    }

    public synchronized int size() {
        return ids.size();
    }
}

package dev.codeexec.api.support;

import dev.codeexec.api.stats.StatsStorePort;
import dev.codeexec.api.stats.StatsWindowView;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Statistics windows in memory, returned as they were added (choosing and ordering them is the
 * SQL's work, checked against PostgreSQL by {@code StatsIntegrationTest}); remembers the last
 * query it was asked.
 */
public final class InMemoryStats implements StatsStorePort {

    public final List<StatsWindowView> windows = new CopyOnWriteArrayList<>();
    public volatile StatsQuery lastQuery;

    @Override
    public List<StatsWindowView> latest(StatsQuery query) {
        lastQuery = query;
        return List.copyOf(windows);
    }
}

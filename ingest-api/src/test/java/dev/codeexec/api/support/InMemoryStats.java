package dev.codeexec.api.support;

import dev.codeexec.api.stats.StatsStorePort;
import dev.codeexec.api.stats.StatsWindowView;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Statistics windows in memory; remembers the last query it was asked. */
public final class InMemoryStats implements StatsStorePort {

    public final List<StatsWindowView> windows = new CopyOnWriteArrayList<>();
    public volatile StatsQuery lastQuery;

    @Override
    public List<StatsWindowView> latest(StatsQuery query) {
        lastQuery = query;
        return windows.stream()
                .filter(w -> w.window().equals(query.window()))
                .filter(w -> query.language() == null || w.language().equals(query.language()))
                .filter(w -> query.verdict() == null || w.verdict().equals(query.verdict()))
                .sorted(Comparator.comparing(StatsWindowView::windowEnd).reversed())
                .limit(query.limit())
                .toList();
    }
}

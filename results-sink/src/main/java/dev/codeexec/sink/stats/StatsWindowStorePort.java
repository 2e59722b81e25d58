package dev.codeexec.sink.stats;

import dev.codeexec.schemas.v1.StatsWindow;
import java.util.List;

/** The latest value of each statistics window, kept for the API ({@code stats_windows}, V4). */
public interface StatsWindowStorePort {

    /** Upserts windows; a window's row only moves to a larger count (a late, older update is ignored). */
    void save(List<StatsWindow> windows);
}

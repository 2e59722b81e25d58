package dev.codeexec.api.stats;

import java.util.List;

/** Where the sink keeps the latest value of every statistics window. */
public interface StatsStorePort {

    /** Already checked filters: {@code language} and {@code verdict} are null for "any". */
    record StatsQuery(String window, String language, String verdict, int limit) {
    }

    /** Windows of the query's length, newest window first, at most {@code limit}. */
    List<StatsWindowView> latest(StatsQuery query);
}

package dev.codeexec.api.stats;

import dev.codeexec.api.common.Caller;
import dev.codeexec.api.common.Refusal;
import dev.codeexec.schemas.Verdict;
import dev.codeexec.schemas.languages.LanguageCatalogue;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Admin use case: checks the filters of {@code GET /api/v1/stats} and reads the latest windows. */
public final class ReadStats {

    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1000;
    private static final Set<String> WINDOWS = Set.of("1m", "1h");

    private final StatsStorePort store;
    private final LanguageCatalogue languages;

    public ReadStats(StatsStorePort store, LanguageCatalogue languages) {
        this.store = store;
        this.languages = languages;
    }

    /** The answer: newest window first. */
    public record Windows(List<StatsWindowView> windows) {
    }

    public Windows read(Caller caller, String window, String language, String verdict, Integer limit) {
        caller.requireAdmin();
        String length = window == null || window.isBlank() ? "1m" : window;
        if (!WINDOWS.contains(length)) {
            throw Refusal.invalid("window", "must be 1m or 1h");
        }
        String languageFilter = blankToNull(language);
        if (languageFilter != null && languages.find(languageFilter).isEmpty()) {
            throw Refusal.invalid("language", "unknown language; see GET /api/v1/languages");
        }
        String verdictFilter = verdictFilter(blankToNull(verdict));
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw Refusal.invalid("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return new Windows(store.latest(new StatsStorePort.StatsQuery(length, languageFilter, verdictFilter, size)));
    }

    private static String verdictFilter(String verdict) {
        if (verdict == null) {
            return null;
        }
        try {
            return Verdict.valueOf(verdict.toUpperCase(Locale.ROOT)).name();
        } catch (IllegalArgumentException e) {
            throw Refusal.invalid("verdict", "must be one of " + Arrays.toString(Verdict.values()));
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}

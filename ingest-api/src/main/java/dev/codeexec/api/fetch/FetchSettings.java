package dev.codeexec.api.fetch;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Limits of a fetch. {@code allowedHosts}, when not empty, replaces the address checks: only
 * those host names (exactly, case-insensitively) are fetched, wherever they resolve.
 */
public record FetchSettings(long maxBytes, Duration connectTimeout, Duration readTimeout, Duration deadline,
        int maxRedirects, Set<String> allowedHosts) {

    public FetchSettings {
        allowedHosts = allowedHosts == null ? Set.of()
                : allowedHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    public static FetchSettings of(long maxBytes, Duration connect, Duration read, Duration deadline,
            int maxRedirects, List<String> allowedHosts) {
        return new FetchSettings(maxBytes, connect, read, deadline, maxRedirects,
                allowedHosts == null ? Set.of() : Set.copyOf(allowedHosts));
    }
}

package dev.codeexec.api.adapter.http;

import dev.codeexec.api.fetch.FetchException;
import dev.codeexec.api.fetch.SafeUrlFetcher;
import dev.codeexec.api.submission.CallbackCheckPort;
import java.util.Optional;

/**
 * Checks callback URLs with the SSRF guard's rules (scheme, host form, resolved addresses). A name
 * that does not resolve now passes: whoever calls back must check again anyway.
 */
public final class SafeCallbackCheck implements CallbackCheckPort {

    private final SafeUrlFetcher guard;

    public SafeCallbackCheck(SafeUrlFetcher guard) {
        this.guard = guard;
    }

    @Override
    public Optional<String> refusal(String url) {
        try {
            guard.check(url);
            return Optional.empty();
        } catch (FetchException e) {
            if (e.reason() == FetchException.Reason.NETWORK) {
                return Optional.empty();   // unresolvable now: the sender checks again when it calls back
            }
            return Optional.of("refused (" + e.reason().name().toLowerCase(java.util.Locale.ROOT) + "): " + e.getMessage());
        }
    }
}

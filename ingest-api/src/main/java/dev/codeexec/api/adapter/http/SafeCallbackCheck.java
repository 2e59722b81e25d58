package dev.codeexec.api.adapter.http;

import dev.codeexec.api.submission.CallbackCheckPort;
import dev.codeexec.outbound.OutboundException;
import dev.codeexec.outbound.OutboundPolicy;
import java.util.Optional;

/**
 * Checks callback URLs with the outbound policy (scheme, host form, resolved addresses). A name
 * that does not resolve now passes: the sink checks again when it calls back.
 */
public final class SafeCallbackCheck implements CallbackCheckPort {

    private final OutboundPolicy policy;

    public SafeCallbackCheck(OutboundPolicy policy) {
        this.policy = policy;
    }

    @Override
    public Optional<String> refusal(String url) {
        try {
            policy.check(url);
            return Optional.empty();
        } catch (OutboundException e) {
            if (e.reason() == OutboundException.Reason.NETWORK) {
                return Optional.empty();   // unresolvable now: the sender checks again when it calls back
            }
            return Optional.of("refused (" + e.reason().name().toLowerCase(java.util.Locale.ROOT) + "): " + e.getMessage());
        }
    }
}

package dev.codeexec.sink.webhook;

import dev.codeexec.outbound.OutboundClient;
import dev.codeexec.outbound.OutboundException;
import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.Map;

/**
 * Posts through the shared outbound client: the target is checked by the outbound policy and the
 * connection goes only to the addresses that check resolved (no second lookup for a DNS rebinding
 * to change). No redirects (a 3xx is a failed attempt); the client's deadline bounds the attempt.
 */
public final class HttpWebhookClient implements WebhookClientPort {

    private final OutboundClient outbound;

    public HttpWebhookClient(OutboundClient outbound) {
        this.outbound = outbound;
    }

    @Override
    public int post(URI target, Map<String, String> headers, byte[] body) throws IOException {
        try {
            return outbound.post(target, headers, body);
        } catch (OutboundException e) {
            if (e.reason().isRefusal()) {
                throw new TargetRefusedException(e.getMessage());
            }
            throw new IOException(e.reason().name().toLowerCase(Locale.ROOT) + ": " + e.getMessage());
        }
    }
}

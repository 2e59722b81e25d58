package dev.codeexec.sink.webhook;

import java.io.IOException;
import java.net.URI;
import java.util.Map;

/** Sends one POST and reports the status code; never follows redirects. */
public interface WebhookClientPort {

    /**
     * The receiver's status code. Throws {@link TargetRefusedException} when the target may not be
     * requested (nothing was sent), and another {@link IOException} on timeout or connection failure.
     */
    int post(URI target, Map<String, String> headers, byte[] body) throws IOException;
}

package dev.codeexec.sink.webhook;

import java.net.URI;
import java.util.Map;

/** Sends one POST and reports the status code; never follows redirects. */
public interface WebhookClientPort {

    /** The receiver's status code; throws {@link java.io.IOException} on timeout or connection failure. */
    int post(URI target, Map<String, String> headers, byte[] body) throws java.io.IOException;
}

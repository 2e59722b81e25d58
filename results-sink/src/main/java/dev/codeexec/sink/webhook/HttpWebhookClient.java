package dev.codeexec.sink.webhook;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** The JDK HTTP client adapter: no redirects (a 3xx is a failed attempt), one timeout for everything. */
public final class HttpWebhookClient implements WebhookClientPort {

    private final HttpClient http;
    private final Duration timeout;

    public HttpWebhookClient(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(timeout).build();
    }

    @Override
    public int post(URI target, Map<String, String> headers, byte[] body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}

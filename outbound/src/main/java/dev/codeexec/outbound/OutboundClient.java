package dev.codeexec.outbound;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.MessageConstraintException;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * Requests user-supplied URLs without letting them reach internal services. Every request (and
 * every redirect hop) is first checked by the {@link OutboundPolicy}, which resolves the host once;
 * the connection goes only to those checked addresses ({@link CheckedAddresses} is the client's
 * DNS). TLS verifies the certificate against the host name. No proxy, no cookies, no compression,
 * no retries, no connection reuse. Bodies are capped while they stream; connect, read and the whole
 * request have time limits (the deadline cancels a request that is still running). Thread-safe.
 */
public final class OutboundClient implements AutoCloseable {

    /** What a GET returned: the body, its declared content type, and the URL that served it. */
    public record Fetched(byte[] body, String contentType, URI url) {
    }

    private static final int MAX_HEADER_LINE_BYTES = 16 * 1024;
    private static final int MAX_HEADERS = 100;

    private final OutboundPolicy policy;
    private final OutboundLimits limits;
    private final CheckedAddresses dns = new CheckedAddresses();
    private final CloseableHttpClient http;
    private final ScheduledExecutorService deadlines;

    public OutboundClient(OutboundPolicy policy, OutboundLimits limits) {
        this.policy = policy;
        this.limits = limits;
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(dns)
                        .setConnectionFactory(ManagedHttpClientConnectionFactory.builder()
                                .http1Config(Http1Config.custom().setMaxLineLength(MAX_HEADER_LINE_BYTES)
                                        .setMaxHeaderCount(MAX_HEADERS).build())
                                .build())
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(limits.connectTimeout()))
                                .setSocketTimeout(Timeout.of(limits.readTimeout())).build())
                        .setMaxConnTotal(256).setMaxConnPerRoute(32)
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(limits.readTimeout()))
                        .setConnectionRequestTimeout(Timeout.of(limits.deadline())).build())
                .setConnectionReuseStrategy((request, response, context) -> false)
                .disableRedirectHandling().disableAutomaticRetries().disableContentCompression()
                .disableCookieManagement().disableAuthCaching()
                .setUserAgent("codeexec/1")
                .build();
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "outbound-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);   // a finished request's alarm does not wait out its delay in the queue
        this.deadlines = timer;
    }

    public OutboundPolicy policy() {
        return policy;
    }

    /** GETs a URL: 2xx only, redirects followed up to the limit (each hop checked again), body capped. */
    public Fetched get(String url) throws OutboundException {
        long deadline = System.nanoTime() + limits.deadline().toNanos();
        URI current = OutboundPolicy.parse(url);
        for (int hop = 0; ; hop++) {
            OutboundPolicy.Target target = policy.check(current);
            Answer answer = exchange(new HttpGet(current), target, deadline, true);
            if (answer.isRedirect()) {
                if (hop >= limits.maxRedirects()) {
                    throw new OutboundException(OutboundException.Reason.REDIRECT,
                            "more than " + limits.maxRedirects() + " redirects");
                }
                if (answer.location() == null) {
                    throw new OutboundException(OutboundException.Reason.REDIRECT, "redirect without Location");
                }
                try {
                    current = current.resolve(new URI(answer.location().strip()));
                } catch (URISyntaxException | IllegalArgumentException e) {
                    throw new OutboundException(OutboundException.Reason.REDIRECT, "redirect to a malformed URL");
                }
                continue;
            }
            if (answer.status() < 200 || answer.status() > 299) {
                throw new OutboundException(OutboundException.Reason.HTTP_STATUS,
                        "the server answered HTTP " + answer.status());
            }
            return new Fetched(answer.body(), answer.contentType(), current);
        }
    }

    /** POSTs once to a checked target and returns the status code; redirects are not followed, the answer's body is not read. */
    public int post(URI target, Map<String, String> headers, byte[] body) throws OutboundException {
        long deadline = System.nanoTime() + limits.deadline().toNanos();
        OutboundPolicy.Target checked = policy.check(target);
        HttpPost post = new HttpPost(target);
        headers.forEach(post::setHeader);
        post.setEntity(new ByteArrayEntity(body, null));
        return exchange(post, checked, deadline, false).status();
    }

    /** One answer: status, Location, and (for a 2xx GET) the capped body. */
    private record Answer(int status, String location, String contentType, byte[] body) {
        boolean isRedirect() {
            return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
        }
    }

    private Answer exchange(HttpUriRequestBase request, OutboundPolicy.Target target, long deadline, boolean readBody)
            throws OutboundException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new OutboundException(OutboundException.Reason.TIMEOUT, "the deadline passed");
        }
        ScheduledFuture<?> alarm = deadlines.schedule(request::cancel, left, TimeUnit.NANOSECONDS);
        try (CheckedAddresses.Pin pin = dns.pin(target);
                ClassicHttpResponse response = http.executeOpen(null, request, null)) {
            int status = response.getCode();
            Header location = response.getFirstHeader("Location");
            Header type = response.getFirstHeader("Content-Type");
            byte[] body = readBody && status >= 200 && status <= 299 ? read(response.getEntity(), deadline) : new byte[0];
            return new Answer(status, location == null ? null : location.getValue(), type == null ? null : type.getValue(),
                    body);
        } catch (MessageConstraintException e) {
            throw new OutboundException(OutboundException.Reason.TOO_LARGE, "response headers are too large");
        } catch (InterruptedIOException e) {
            throw new OutboundException(OutboundException.Reason.TIMEOUT,
                    System.nanoTime() >= deadline ? "the deadline passed" : "the server was too slow");
        } catch (IOException e) {
            if (System.nanoTime() >= deadline) {
                throw new OutboundException(OutboundException.Reason.TIMEOUT, "the deadline passed");
            }
            throw new OutboundException(OutboundException.Reason.NETWORK, "the request failed: " + e.getClass().getSimpleName());
        } finally {
            alarm.cancel(false);
        }
    }

    private byte[] read(HttpEntity entity, long deadline) throws IOException, OutboundException {
        if (entity == null) {
            return new byte[0];
        }
        long max = limits.maxBytes();
        if (entity.getContentLength() > max) {
            throw tooLarge();
        }
        byte[] body = new byte[(int) Math.min(Math.max(entity.getContentLength(), 8192), max + 1)];
        int size = 0;
        try (InputStream in = entity.getContent()) {
            while (true) {
                if (size == body.length) {
                    if (size > max) {
                        throw tooLarge();
                    }
                    body = Arrays.copyOf(body, (int) Math.min((long) body.length * 2, max + 1));
                }
                int n = in.read(body, size, body.length - size);
                if (n < 0) {
                    return Arrays.copyOf(body, size);
                }
                size += n;
                if (size > max) {
                    throw tooLarge();
                }
                if (System.nanoTime() >= deadline) {
                    throw new OutboundException(OutboundException.Reason.TIMEOUT, "the deadline passed");
                }
            }
        }
    }

    private OutboundException tooLarge() {
        return new OutboundException(OutboundException.Reason.TOO_LARGE, "the response is over " + limits.maxBytes() + " bytes");
    }

    @Override
    public void close() throws IOException {
        deadlines.shutdownNow();
        http.close();
    }
}

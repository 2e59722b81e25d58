package dev.codeexec.api.fetch;

import dev.codeexec.storage.net.AddressPolicy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Fetches a URL without letting it reach internal services. The host is resolved once, every
 * address is checked, and the socket connects to the checked address (no second lookup a DNS
 * rebinding could change); TLS still verifies the certificate against the host name. Redirects
 * are followed up to a limit, each hop checked again. The body is capped while it streams, and
 * connect, read and the whole fetch have time limits. Thread-safe; no Spring.
 */
public final class SafeUrlFetcher {

    /** Resolves a host name to its addresses (replaceable in tests). */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** What a fetch returned: the body, its declared content type, and the URL that served it. */
    public record Fetched(byte[] body, String contentType, URI url) {
    }

    private final FetchSettings settings;
    private final Resolver resolver;
    private final Predicate<InetAddress> addressAllowed;

    public SafeUrlFetcher(FetchSettings settings) {
        this(settings, InetAddress::getAllByName, AddressPolicy::isPublic);
    }

    /** For tests: another resolver, or a policy that also admits the loopback test server. */
    public SafeUrlFetcher(FetchSettings settings, Resolver resolver, Predicate<InetAddress> addressAllowed) {
        this.settings = settings;
        this.resolver = resolver;
        this.addressAllowed = addressAllowed;
    }

    /**
     * Checks a URL as {@link #fetch} would before connecting (scheme, host form, every resolved
     * address, or the allow-list), without connecting. A sender must still fetch through
     * {@link #fetch}: names can resolve differently later.
     */
    public void check(String url) throws FetchException {
        check(parse(url));
    }

    public Fetched fetch(String url) throws FetchException {
        long deadline = System.nanoTime() + settings.deadline().toNanos();
        URI current = parse(url);
        for (int hop = 0; ; hop++) {
            Target target = check(current);
            HttpExchange.Response response = HttpExchange.get(open(target, deadline), current, target.hostHeader(),
                    settings.maxBytes(), settings.readTimeout(), deadline);
            if (response.isRedirect()) {
                if (hop >= settings.maxRedirects()) {
                    throw new FetchException(FetchException.Reason.REDIRECT,
                            "more than " + settings.maxRedirects() + " redirects");
                }
                String location = response.header("location")
                        .orElseThrow(() -> new FetchException(FetchException.Reason.REDIRECT, "redirect without Location"));
                try {
                    current = current.resolve(new URI(location.strip()));
                } catch (URISyntaxException | IllegalArgumentException e) {
                    throw new FetchException(FetchException.Reason.REDIRECT, "redirect to a malformed URL");
                }
                continue;
            }
            if (response.status() < 200 || response.status() > 299) {
                throw new FetchException(FetchException.Reason.HTTP_STATUS,
                        "the server answered HTTP " + response.status());
            }
            return new Fetched(response.body(), response.header("content-type").orElse(null), current);
        }
    }

    private static URI parse(String url) throws FetchException {
        try {
            return new URI(url == null ? "" : url.strip());
        } catch (URISyntaxException e) {
            throw new FetchException(FetchException.Reason.SCHEME, "not a valid URL");
        }
    }

    /** Where to connect for this URL, after every check passed. */
    private record Target(String host, InetAddress address, int port, boolean tls, String hostHeader) {
    }

    private Target check(URI uri) throws FetchException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new FetchException(FetchException.Reason.SCHEME, "only http and https URLs are fetched");
        }
        if (uri.getRawUserInfo() != null) {
            throw new FetchException(FetchException.Reason.HOST, "URLs with user info are not fetched");
        }
        String rawHost = uri.getHost();
        if (rawHost == null) {
            // java.net.URI leaves the host empty for forms it cannot parse (e.g. "0x7f.1" with port)
            rawHost = uri.getRawAuthority() == null ? null : uri.getRawAuthority().replaceFirst(":[0-9]*$", "");
        }
        Optional<InetAddress> literal = HostCheck.literal(rawHost);
        boolean tls = scheme.equals("https");
        int port = uri.getPort() == -1 ? (tls ? 443 : 80) : uri.getPort();
        String host = literal.isPresent() ? literal.get().getHostAddress() : rawHost.toLowerCase(Locale.ROOT);
        String hostHeader = rawHost + (uri.getPort() == -1 ? "" : ":" + port);
        if (!settings.allowedHosts().isEmpty()) {
            if (!settings.allowedHosts().contains(rawHost.toLowerCase(Locale.ROOT))) {
                throw new FetchException(FetchException.Reason.HOST, "host '" + rawHost + "' is not in the allow-list");
            }
            return new Target(host, literal.isPresent() ? literal.get() : resolve(rawHost).get(0), port, tls, hostHeader);
        }
        List<InetAddress> addresses = literal.isPresent() ? List.of(literal.get()) : resolve(rawHost);
        for (InetAddress address : addresses) {
            if (!addressAllowed.test(address)) {
                throw new FetchException(FetchException.Reason.ADDRESS, "host '" + rawHost
                        + "' resolves to a non-public address (" + address.getHostAddress() + ")");
            }
        }
        return new Target(literal.isPresent() ? null : rawHost, addresses.get(0), port, tls, hostHeader);
    }

    private List<InetAddress> resolve(String host) throws FetchException {
        try {
            InetAddress[] all = resolver.resolve(host);
            if (all == null || all.length == 0) {
                throw new FetchException(FetchException.Reason.NETWORK, "host '" + host + "' has no address");
            }
            return List.of(all);
        } catch (UnknownHostException e) {
            throw new FetchException(FetchException.Reason.NETWORK, "host '" + host + "' cannot be resolved");
        }
    }

    private Socket open(Target target, long deadline) throws FetchException {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new FetchException(FetchException.Reason.TIMEOUT, "the fetch deadline passed");
        }
        int connectMs = (int) Math.max(1, Math.min(settings.connectTimeout().toMillis(), left));
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(target.address(), target.port()), connectMs);
            if (!target.tls()) {
                return socket;
            }
            SSLSocketFactory factory = (SSLSocketFactory) SSLSocketFactory.getDefault();
            String name = target.host() == null ? target.address().getHostAddress() : target.host();
            SSLSocket tls = (SSLSocket) factory.createSocket(socket, name, target.port(), true);
            SSLParameters parameters = tls.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            if (target.host() != null) {
                parameters.setServerNames(List.of(new SNIHostName(target.host())));
            }
            tls.setSSLParameters(parameters);
            tls.setSoTimeout(connectMs);
            tls.startHandshake();
            return tls;
        } catch (SocketTimeoutException e) {
            close(socket);
            throw new FetchException(FetchException.Reason.TIMEOUT, "connecting timed out");
        } catch (IOException | IllegalArgumentException e) {
            close(socket);
            throw new FetchException(FetchException.Reason.NETWORK, "cannot connect: " + e.getClass().getSimpleName());
        }
    }

    static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing more to do
        }
    }
}

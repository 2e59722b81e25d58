package dev.codeexec.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The SSRF table: every one of these is refused. Test servers listen on loopback only; where a
 * test needs to reach one (oversized, slow, redirect), the address policy admits loopback and
 * nothing else, so what is proven is the cap, the deadline and the re-check of each hop.
 */
class OutboundClientTest {

    private static final OutboundLimits LIMITS = new OutboundLimits(1024, Duration.ofSeconds(2),
            Duration.ofMillis(700), Duration.ofSeconds(2), 3);
    private static final Map<String, String> FAKE_DNS = Map.of(
            "loopback.test", "127.0.0.1",
            "metadata.test", "169.254.169.254",
            "mixed.test", "93.184.215.14,10.0.0.7",
            "public.test", "93.184.215.14");
    private static final OutboundPolicy.Resolver RESOLVER = host -> {
        String addresses = FAKE_DNS.get(host);
        if (addresses == null) {
            return InetAddress.getAllByName(host);   // "localhost" resolves through /etc/hosts
        }
        String[] parts = addresses.split(",");
        InetAddress[] all = new InetAddress[parts.length];
        for (int i = 0; i < parts.length; i++) {
            all[i] = InetAddress.getByName(parts[i]);
        }
        return all;
    };

    private static final List<OutboundClient> clients = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static HttpServer server;
    private static String base;

    @BeforeAll
    static void loopbackServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/ok", exchange -> reply(exchange.getResponseBody(), exchange, 200, "print('hi')\n".getBytes()));
        server.createContext("/big", exchange -> reply(exchange.getResponseBody(), exchange, 200, new byte[4096]));
        server.createContext("/big-chunked", exchange -> {
            exchange.sendResponseHeaders(200, 0);   // 0: chunked, no length declared
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 64; i++) {
                    out.write(new byte[256]);
                }
            } catch (IOException clientGaveUp) {
                // expected: the fetcher stops reading at the cap
            }
        });
        server.createContext("/slow", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 40; i++) {
                    out.write('x');
                    out.flush();
                    Thread.sleep(200);   // the test server is slow on purpose: under the read timeout, over the deadline
                }
            } catch (IOException | InterruptedException clientGaveUp) {
                // expected
            }
        });
        server.createContext("/host", exchange -> reply(exchange.getResponseBody(), exchange, 200,
                exchange.getRequestHeaders().getFirst("Host").getBytes(StandardCharsets.UTF_8)));
        server.createContext("/to-private", exchange -> redirect(exchange, "http://10.0.0.1/secret"));
        server.createContext("/to-metadata", exchange -> redirect(exchange, "http://169.254.169.254/latest/meta-data/"));
        server.createContext("/to-ok", exchange -> redirect(exchange, "/ok"));
        server.createContext("/loop", exchange -> redirect(exchange, "/loop"));
        server.createContext("/to-file", exchange -> redirect(exchange, "file:///etc/passwd"));
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterAll
    static void stop() throws IOException {
        server.stop(0);
        for (OutboundClient client : clients) {
            client.close();
        }
    }

    private static void reply(OutputStream body, com.sun.net.httpserver.HttpExchange exchange, int status, byte[] bytes)
            throws IOException {
        exchange.sendResponseHeaders(status, bytes.length);
        try (body) {
            body.write(bytes);
        } catch (IOException clientGaveUp) {
            // the fetcher may stop early
        }
    }

    private static void redirect(com.sun.net.httpserver.HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().add("Location", location);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    /** The production policy. */
    private static OutboundClient strict() {
        return client(new OutboundPolicy(Set.of(), false, RESOLVER, AddressPolicy::isPublic));
    }

    /** The production policy, plus the loopback test server. */
    private static OutboundClient admittingTestServer() {
        Predicate<InetAddress> loopbackToo = a -> a.getHostAddress().equals("127.0.0.1") || AddressPolicy.isPublic(a);
        return client(new OutboundPolicy(Set.of(), false, RESOLVER, loopbackToo));
    }

    private static OutboundClient client(OutboundPolicy policy) {
        OutboundClient client = new OutboundClient(policy, LIMITS);
        clients.add(client);
        return client;
    }

    @ParameterizedTest(name = "{0} is refused ({1})")
    @CsvSource({
        "http://127.0.0.1/,                      ADDRESS",
        "http://localhost/,                      ADDRESS",
        "http://LOCALHOST:8080/x,                ADDRESS",
        "http://[::1]/,                          ADDRESS",
        "http://[::]/,                           ADDRESS",
        "http://0.0.0.0/,                        ADDRESS",
        "http://10.1.2.3/,                       ADDRESS",
        "http://172.16.0.1/,                     ADDRESS",
        "http://192.168.1.1/,                    ADDRESS",
        "http://100.64.0.1/,                     ADDRESS",
        "http://169.254.169.254/latest/meta-data/, ADDRESS",
        "http://224.0.0.1/,                      ADDRESS",
        "http://255.255.255.255/,                ADDRESS",
        "http://[::ffff:127.0.0.1]/,             ADDRESS",
        "http://[::ffff:7f00:1]/,                ADDRESS",
        "http://[::ffff:169.254.169.254]/,       ADDRESS",
        "http://[::127.0.0.1]/,                  ADDRESS",
        "http://[64:ff9b::7f00:1]/,              ADDRESS",
        "http://[2002:7f00:1::]/,                ADDRESS",
        "http://[fe80::1]/,                      ADDRESS",
        "http://[fc00::1]/,                      ADDRESS",
        "http://[fd00:ec2::254]/,                ADDRESS",
        "http://[ff02::1]/,                      ADDRESS",
        "http://loopback.test/,                  ADDRESS",
        "http://metadata.test/,                  ADDRESS",
        "http://mixed.test/,                     ADDRESS",
        "http://2130706433/,                     HOST",
        "http://017700000001/,                   HOST",
        "http://0177.0.0.1/,                     HOST",
        "http://0x7f.0.0.1/,                     HOST",
        "http://0x7f000001/,                     HOST",
        "http://127.1/,                          HOST",
        "http://127.000.000.001/,                HOST",
        "http://[fe80::1%25eth0]/,               HOST",
        "http://user:pw@public.test/,            HOST",
        "file:///etc/passwd,                     SCHEME",
        "gopher://127.0.0.1:25/_HELO,            SCHEME",
        "ftp://public.test/x,                    SCHEME",
        "jar:http://public.test/x!/y,            SCHEME",
        "//public.test/x,                        SCHEME",
        "not a url,                              SCHEME",
    })
    void refused(String url, OutboundException.Reason reason) {
        assertThatThrownBy(() -> strict().get(url))
                .isInstanceOf(OutboundException.class)
                .satisfies(e -> assertThat(((OutboundException) e).reason()).isEqualTo(reason));
    }

    @Test
    void theLoopbackTestServerItselfIsRefusedByTheRealPolicy() {
        assertThatThrownBy(() -> strict().get(base + "/ok"))
                .satisfies(e -> assertThat(((OutboundException) e).reason()).isEqualTo(OutboundException.Reason.ADDRESS));
    }

    @Test
    void aRedirectToAPrivateAddressIsRefused() {
        assertThatThrownBy(() -> admittingTestServer().get(base + "/to-private"))
                .satisfies(e -> assertThat(((OutboundException) e).reason()).isEqualTo(OutboundException.Reason.ADDRESS));
        assertThatThrownBy(() -> admittingTestServer().get(base + "/to-metadata"))
                .satisfies(e -> assertThat(((OutboundException) e).reason()).isEqualTo(OutboundException.Reason.ADDRESS));
        assertThatThrownBy(() -> admittingTestServer().get(base + "/to-file"))
                .satisfies(e -> assertThat(((OutboundException) e).reason()).isEqualTo(OutboundException.Reason.SCHEME));
    }

    @Test
    void redirectsAreLimited() {
        assertThatThrownBy(() -> admittingTestServer().get(base + "/loop"))
                .satisfies(e -> assertThat(((OutboundException) e).reason()).isEqualTo(OutboundException.Reason.REDIRECT));
    }

    @Test
    void anOversizedBodyIsRefusedWithAndWithoutALength() {
        assertThatThrownBy(() -> admittingTestServer().get(base + "/big"))
                .satisfies(e -> assertThat(((OutboundException) e).reason()).isEqualTo(OutboundException.Reason.TOO_LARGE));
        assertThatThrownBy(() -> admittingTestServer().get(base + "/big-chunked"))
                .satisfies(e -> assertThat(((OutboundException) e).reason()).isEqualTo(OutboundException.Reason.TOO_LARGE));
    }

    @Test
    void aSlowBodyHitsTheDeadline() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> admittingTestServer().get(base + "/slow"))
                .satisfies(e -> assertThat(((OutboundException) e).reason()).isEqualTo(OutboundException.Reason.TIMEOUT));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void aPermittedServerIsFetchedAndASafeRedirectFollowed() throws Exception {
        OutboundClient.Fetched direct = admittingTestServer().get(base + "/ok");
        assertThat(new String(direct.body(), StandardCharsets.UTF_8)).isEqualTo("print('hi')\n");
        OutboundClient.Fetched redirected = admittingTestServer().get(base + "/to-ok");
        assertThat(redirected.url().getPath()).isEqualTo("/ok");
    }

    @Test
    void theNameIsResolvedOnceAndTheCheckedAddressIsTheOneConnectedTo() throws Exception {
        java.util.concurrent.atomic.AtomicInteger lookups = new java.util.concurrent.atomic.AtomicInteger();
        OutboundPolicy.Resolver rebinding = host -> new InetAddress[] {InetAddress.getByName(
                lookups.getAndIncrement() == 0 ? "127.0.0.1" : "10.0.0.1")};
        Predicate<InetAddress> loopbackToo = a -> a.getHostAddress().equals("127.0.0.1") || AddressPolicy.isPublic(a);
        OutboundClient fetcher = client(new OutboundPolicy(Set.of(), false, rebinding, loopbackToo));
        int port = server.getAddress().getPort();
        OutboundClient.Fetched fetched = fetcher.get("http://rebind.test:" + port + "/host");
        assertThat(new String(fetched.body(), StandardCharsets.UTF_8)).isEqualTo("rebind.test:" + port);
        assertThat(lookups.get()).isEqualTo(1);
    }

    @Test
    void anAllowListReplacesTheAddressChecks() throws Exception {
        OutboundClient fetcher = client(new OutboundPolicy(Set.of("127.0.0.1"), true, RESOLVER, AddressPolicy::isPublic));
        assertThat(fetcher.get(base + "/ok").body()).hasSize(12);
        assertThatThrownBy(() -> fetcher.get("http://public.test/x"))
                .satisfies(e -> assertThat(((OutboundException) e).reason()).isEqualTo(OutboundException.Reason.HOST));
    }

    @Test
    void publicAddressesPassThePolicy() throws UnknownHostException {
        for (String address : List.of("93.184.215.14", "8.8.8.8", "2606:4700::1111", "1.1.1.1")) {
            assertThat(AddressPolicy.isPublic(InetAddress.getByName(address))).as(address).isTrue();
        }
    }

    /**
     * The webhook rebinding row. A stand-in for a public address (127.0.0.2, which this test's policy
     * admits as public) serves the first DNS answer; a second answer would be 127.0.0.1, where an
     * internal service listens on the same port. The POST reaches the checked address only.
     */
    @Test
    void aPostGoesToTheCheckedAddressAndNeverToASecondDnsAnswer() throws Exception {
        try (LoopbackPair pair = LoopbackPair.start()) {
            java.util.concurrent.atomic.AtomicInteger lookups = new java.util.concurrent.atomic.AtomicInteger();
            OutboundPolicy.Resolver rebinding = host -> new InetAddress[] {InetAddress.getByName(
                    lookups.getAndIncrement() == 0 ? "127.0.0.2" : "127.0.0.1")};
            Predicate<InetAddress> standInIsPublic = a -> a.getHostAddress().equals("127.0.0.2") || AddressPolicy.isPublic(a);
            OutboundClient client = client(new OutboundPolicy(Set.of(), false, rebinding, standInIsPublic));

            int status = client.post(java.net.URI.create("http://hooks.test:" + pair.port() + "/hook"),
                    Map.of("Content-Type", "application/json"), "{}".getBytes(StandardCharsets.UTF_8));

            assertThat(status).isEqualTo(200);
            assertThat(pair.publicHits()).hasValue(1);
            assertThat(pair.internalHits()).hasValue(0);
            assertThat(lookups.get()).isEqualTo(1);
        }
    }

    @Test
    void aPostToANameThatResolvesToLoopbackIsRefusedAndNothingIsSent() throws Exception {
        try (LoopbackPair pair = LoopbackPair.start()) {
            OutboundPolicy.Resolver toLoopback = host -> new InetAddress[] {InetAddress.getByName("127.0.0.1")};
            OutboundClient client = client(new OutboundPolicy(Set.of(), false, toLoopback, AddressPolicy::isPublic));

            assertThatThrownBy(() -> client.post(java.net.URI.create("http://hooks.test:" + pair.port() + "/hook"),
                    Map.of(), new byte[0]))
                    .satisfies(e -> assertThat(((OutboundException) e).reason()).isEqualTo(OutboundException.Reason.ADDRESS));
            assertThat(pair.internalHits()).hasValue(0);
        }
    }

    @Test
    void aPostDoesNotFollowRedirects() throws Exception {
        int status = admittingTestServer().post(java.net.URI.create(base + "/to-ok"), Map.of(), new byte[0]);
        assertThat(status).isEqualTo(302);
    }

    /** Two loopback servers on one port: 127.0.0.2 (standing in for a public host) and 127.0.0.1 (internal). */
    private record LoopbackPair(HttpServer standIn, HttpServer internal, java.util.concurrent.atomic.AtomicInteger publicHits,
            java.util.concurrent.atomic.AtomicInteger internalHits) implements AutoCloseable {

        static LoopbackPair start() throws IOException {
            for (int attempt = 0; ; attempt++) {
                HttpServer standIn = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0), 0);
                HttpServer internal;
                try {
                    internal = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"),
                            standIn.getAddress().getPort()), 0);
                } catch (java.net.BindException taken) {
                    standIn.stop(0);
                    if (attempt == 5) {
                        throw taken;
                    }
                    continue;
                }
                LoopbackPair pair = new LoopbackPair(standIn, internal, new java.util.concurrent.atomic.AtomicInteger(),
                        new java.util.concurrent.atomic.AtomicInteger());
                standIn.createContext("/", exchange -> {
                    exchange.getRequestBody().readAllBytes();
                    pair.publicHits().incrementAndGet();
                    exchange.sendResponseHeaders(200, -1);
                    exchange.close();
                });
                internal.createContext("/", exchange -> {
                    pair.internalHits().incrementAndGet();
                    exchange.sendResponseHeaders(200, -1);
                    exchange.close();
                });
                standIn.start();
                internal.start();
                return pair;
            }
        }

        int port() {
            return standIn.getAddress().getPort();
        }

        @Override
        public void close() {
            standIn.stop(0);
            internal.stop(0);
        }
    }
}

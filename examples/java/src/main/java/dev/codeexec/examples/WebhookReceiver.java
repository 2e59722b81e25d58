package dev.codeexec.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.codeexec.schemas.kafka.InvalidRecordException;
import dev.codeexec.schemas.kafka.RecordCodec;
import dev.codeexec.schemas.v1.ExecutionResult;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Receives the results codeexec POSTs to a submission's {@code callbackUrl}, with the JDK's own
 * HTTP server. A request whose signature does not check out (wrong secret, body changed on the way,
 * too old) gets 401 and is ignored; a valid one gets 204. codeexec retries a delivery until it gets
 * a 2xx, with the same {@code X-Codeexec-Delivery} id on every attempt, so a receiver drops repeats
 * by that id.
 *
 * <pre>
 * CODEEXEC_WEBHOOK_SECRET=... java -cp ... dev.codeexec.examples.WebhookReceiver [--port 8090]
 * </pre>
 * and submit with {@code "callbackUrl": "http://<this host>:8090/hooks/codeexec"}.
 */
public final class WebhookReceiver implements AutoCloseable {

    public static final String PATH = "/hooks/codeexec";
    /** Bigger than any result record codeexec publishes. */
    private static final int MAX_BODY_BYTES = 16 << 20;

    /** One accepted callback: its delivery id, the exact bytes and header received, and the result. */
    public record Delivery(String deliveryId, String signature, byte[] body, ExecutionResult result) {
    }

    private final HttpServer server;
    private final WebhookSignatureCheck check;
    private final Consumer<Delivery> onDelivery;
    private final Set<String> seenDeliveries = ConcurrentHashMap.newKeySet();

    private WebhookReceiver(HttpServer server, WebhookSignatureCheck check, Consumer<Delivery> onDelivery) {
        this.server = server;
        this.check = check;
        this.onDelivery = onDelivery;
    }

    public static void main(String[] argv) throws IOException {
        String secret = System.getenv("CODEEXEC_WEBHOOK_SECRET");
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("set CODEEXEC_WEBHOOK_SECRET to codeexec.sink.webhooks.secret");
        }
        int port = Integer.parseInt(Args.of(argv).get("--port", "8090"));
        start(new InetSocketAddress(port), secret.getBytes(StandardCharsets.UTF_8), delivery ->
                System.out.printf("%s %s %s%n", delivery.result().submissionId(), delivery.result().language(),
                        delivery.result().verdict()));
        System.out.println("listening on http://0.0.0.0:" + port + PATH);
    }

    /** Listens on {@code address} (port 0: any free one) and hands each verified result to {@code onDelivery}. */
    public static WebhookReceiver start(InetSocketAddress address, byte[] secret, Consumer<Delivery> onDelivery)
            throws IOException {
        HttpServer server = HttpServer.create(address, 0);
        WebhookReceiver receiver = new WebhookReceiver(server,
                new WebhookSignatureCheck(secret, Duration.ofMinutes(5), Clock.systemUTC()), onDelivery);
        server.createContext(PATH, receiver::handle);
        server.start();
        return receiver;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body = read(exchange.getRequestBody());
            if (body == null) {
                exchange.sendResponseHeaders(413, -1);
                return;
            }
            String signature = exchange.getRequestHeaders().getFirst("X-Codeexec-Signature");
            if (!check.isValid(signature, body)) {
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            String deliveryId = exchange.getRequestHeaders().getFirst("X-Codeexec-Delivery");
            if (deliveryId != null && seenDeliveries.contains(deliveryId)) {
                exchange.sendResponseHeaders(204, -1);   // a repeat of one we already handled
                return;
            }
            ExecutionResult result;
            try {
                result = RecordCodec.RESULT.decode(body);   // validates it against the result schema
            } catch (InvalidRecordException e) {
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            onDelivery.accept(new Delivery(deliveryId, signature, body, result));
            if (deliveryId != null) {
                seenDeliveries.add(deliveryId);
            }
            exchange.sendResponseHeaders(204, -1);
        }
    }

    /** The body, or null when it is larger than {@link #MAX_BODY_BYTES}. */
    private static byte[] read(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
        return body.length > MAX_BODY_BYTES ? null : body;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

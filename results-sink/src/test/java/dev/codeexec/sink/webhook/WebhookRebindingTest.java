package dev.codeexec.sink.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.codeexec.outbound.AddressPolicy;
import dev.codeexec.outbound.OutboundClient;
import dev.codeexec.outbound.OutboundLimits;
import dev.codeexec.outbound.OutboundPolicy;
import dev.codeexec.schemas.v1.ExecutionResult;
import dev.codeexec.sink.support.TestRecords;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The DNS-rebinding row for webhooks, through the production client. 127.0.0.2 stands for a public
 * receiver (this test's policy admits it as public); 127.0.0.1, on the same port, stands for an
 * internal service that a second DNS answer would point at. Loopback servers only.
 */
class WebhookRebindingTest {

    private HttpServer receiver;
    private HttpServer internal;
    private final AtomicInteger receiverHits = new AtomicInteger();
    private final AtomicInteger internalHits = new AtomicInteger();
    private final InMemoryLog log = new InMemoryLog();
    private OutboundClient outbound;

    @BeforeEach
    void twoServersOnOnePort() throws IOException {
        for (int attempt = 0; ; attempt++) {
            receiver = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0), 0);
            try {
                internal = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"),
                        receiver.getAddress().getPort()), 0);
                break;
            } catch (BindException taken) {
                receiver.stop(0);
                if (attempt == 5) {
                    throw taken;
                }
            }
        }
        receiver.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            receiverHits.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        internal.createContext("/", exchange -> {
            internalHits.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        internal.start();
    }

    @AfterEach
    void stop() throws IOException {
        receiver.stop(0);
        internal.stop(0);
        if (outbound != null) {
            outbound.close();
        }
    }

    @Test
    void aNameThatAnswersPublicThenLoopbackIsDeliveredToTheCheckedAddressOnly() {
        AtomicInteger lookups = new AtomicInteger();
        DeliverWebhook deliver = deliverWith(host -> new InetAddress[] {InetAddress.getByName(
                lookups.getAndIncrement() == 0 ? "127.0.0.2" : "127.0.0.1")});

        Optional<DeliveryOutcome> outcome = deliver.deliver(resultCallingBack("hooks.test"));

        assertThat(outcome).contains(DeliveryOutcome.DELIVERED);
        assertThat(receiverHits).hasValue(1);
        assertThat(internalHits).hasValue(0);
        assertThat(lookups).hasValue(1);
    }

    @Test
    void aNameThatAnswersLoopbackIsBlockedAndNothingIsSent() {
        DeliverWebhook deliver = deliverWith(host -> new InetAddress[] {InetAddress.getByName("127.0.0.1")});

        Optional<DeliveryOutcome> outcome = deliver.deliver(resultCallingBack("hooks.test"));

        assertThat(outcome).contains(DeliveryOutcome.BLOCKED);
        assertThat(internalHits).hasValue(0);
        assertThat(log.recorded).singleElement().satisfies(a -> {
            assertThat(a.outcome()).isEqualTo(DeliveryOutcome.BLOCKED);
            assertThat(a.error()).hasValueSatisfying(e -> assertThat(e).contains("non-public address (127.0.0.1)"));
        });
    }

    private DeliverWebhook deliverWith(OutboundPolicy.Resolver dns) {
        Predicate<InetAddress> standInIsPublic = a -> a.getHostAddress().equals("127.0.0.2") || AddressPolicy.isPublic(a);
        Duration timeout = Duration.ofSeconds(5);
        outbound = new OutboundClient(new OutboundPolicy(Set.of(), false, dns, standInIsPublic),
                new OutboundLimits(0, timeout, timeout, timeout, 0));
        return new DeliverWebhook(log, new HttpWebhookClient(outbound),
                new WebhookSignature("a-secret-of-24-bytes-xyz".getBytes(StandardCharsets.UTF_8)), 3, Clock.systemUTC());
    }

    private ExecutionResult resultCallingBack(String host) {
        ExecutionResult r = TestRecords.result("rebind-1", TestRecords.run(0, "x\n"));
        return new ExecutionResult(r.schemaVersion(), r.submissionId(), r.tenant(), r.language(), r.verdict(),
                r.verdictDetail(), r.compile(), r.runs(), r.metadata(),
                "http://" + host + ":" + receiver.getAddress().getPort() + "/hook", r.executorId(), r.startedAt(),
                r.finishedAt());
    }

    /** A hand-written fake of the delivery log. */
    private static final class InMemoryLog implements DeliveryLogPort {
        final List<DeliveryAttempt> recorded = new CopyOnWriteArrayList<>();

        @Override
        public List<DeliveryAttempt> attempts(String deliveryId) {
            return recorded.stream().filter(a -> a.deliveryId().equals(deliveryId)).toList();
        }

        @Override
        public void record(DeliveryAttempt attempt) {
            recorded.add(attempt);
        }
    }
}

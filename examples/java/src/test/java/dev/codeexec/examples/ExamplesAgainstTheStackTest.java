package dev.codeexec.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.codeexec.launcher.StandalonePipeline;
import dev.codeexec.launcher.StandaloneSettings;
import dev.codeexec.schemas.Verdict;
import dev.codeexec.schemas.v1.ExecutionResult;
import dev.codeexec.schemas.v1.Submission;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the examples as a user would, against the whole standalone stack (a real broker,
 * PostgreSQL, the three services and Docker sandboxes; the python runner image must exist, as
 * {@code ./codeexec test} makes sure).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExamplesAgainstTheStackTest {

    private static final String SECRET = "examples-test-secret-0123456789";
    private static final Duration RESULT_TIMEOUT = Duration.ofSeconds(90);
    private static final Pattern UUID_LINE = Pattern.compile("(?m)^[0-9a-f-]{36}$");

    @TempDir
    static Path dataDir;

    private StandalonePipeline pipeline;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void startStack() {
        // as CODEEXEC_SINK_WEBHOOKS_SECRET / _ALLOWED_HOSTS do for ./codeexec up: the sink signs with
        // our secret and may call a receiver on loopback (blocked by default, like every private address)
        System.setProperty("codeexec.sink.webhooks.secret", SECRET);
        System.setProperty("codeexec.sink.webhooks.allowed-hosts", "127.0.0.1");
        pipeline = new StandalonePipeline(StandaloneSettings.onFreePorts(dataDir, 3))
                .start(line -> System.out.println("[examples] " + line));
    }

    @AfterAll
    void stopStack() {
        if (pipeline != null) {
            pipeline.close();
        }
        System.clearProperty("codeexec.sink.webhooks.secret");
        System.clearProperty("codeexec.sink.webhooks.allowed-hosts");
    }

    @Test
    void javaProducerSubmissionsAreCountedByTheJavaConsumerWithTheirVerdicts() throws Exception {
        Submission right = SubmitProgram.submission("python", "print(input()[::-1])", "olleh", "hello", null);
        Submission wrong = SubmitProgram.submission("python", "print(input())", "olleh", "hello", null);
        SubmitProgram.send(pipeline.bootstrapServers(), right);
        SubmitProgram.send(pipeline.bootstrapServers(), wrong);

        Map<String, ExecutionResult> seen = new ConcurrentHashMap<>();
        VerdictTally tally = new VerdictTally();
        boolean both = tally.consume(pipeline.bootstrapServers(), "examples-test-" + UUID.randomUUID(),
                result -> seen.keySet().containsAll(List.of(right.id(), wrong.id())),
                Instant.now().plus(RESULT_TIMEOUT), result -> seen.put(result.submissionId(), result));

        assertThat(both).as("both results consumed; seen: %s", seen.keySet()).isTrue();
        assertThat(seen.get(right.id()).verdict()).isEqualTo(Verdict.ACCEPTED);
        assertThat(VerdictTally.stdout(seen.get(right.id()))).isEqualTo("hello\n");
        assertThat(seen.get(wrong.id()).verdict()).isEqualTo(Verdict.WRONG_ANSWER);
        assertThat(seen.get(wrong.id()).metadata()).containsEntry("source", "java-example");
        assertThat(tally.count("python", Verdict.WRONG_ANSWER)).isPositive();
        assertThat(tally.table()).containsPattern("python +WRONG_ANSWER +\\d+");
    }

    @Test
    void webhookReceiverAcceptsTheSignedCallbackAndRefusesATamperedOne() throws Exception {
        List<WebhookReceiver.Delivery> deliveries = new CopyOnWriteArrayList<>();
        try (WebhookReceiver receiver = WebhookReceiver.start(new InetSocketAddress("127.0.0.1", 0),
                SECRET.getBytes(StandardCharsets.UTF_8), deliveries::add)) {
            String url = "http://127.0.0.1:" + receiver.port() + WebhookReceiver.PATH;
            Submission submission = SubmitProgram.submission("python", "print('called back')", null, null, url);
            SubmitProgram.send(pipeline.bootstrapServers(), submission);

            await().atMost(RESULT_TIMEOUT).until(() -> deliveries.stream()
                    .anyMatch(d -> d.result().submissionId().equals(submission.id())));
            WebhookReceiver.Delivery real = deliveries.get(0);
            assertThat(real.result().verdict()).isEqualTo(Verdict.ACCEPTED);
            assertThat(VerdictTally.stdout(real.result())).isEqualTo("called back\n");

            String body = new String(real.body(), StandardCharsets.UTF_8);
            assertThat(body).contains("\"ACCEPTED\"");
            String tampered = body.replace("\"ACCEPTED\"", "\"WRONG_ANSWER\"");
            String otherSecret = forgedSignature(real.body());
            assertThat(post(url, tampered, real.signature())).as("body changed after signing").isEqualTo(401);
            assertThat(post(url, body, otherSecret)).as("signed with another secret").isEqualTo(401);
            assertThat(post(url, body, null)).as("no signature").isEqualTo(401);
            assertThat(post(url, body, real.signature())).as("the genuine request again, as a new delivery")
                    .isEqualTo(204);
            assertThat(deliveries).hasSize(2).allSatisfy(d -> assertThat(d.result().verdict()).isEqualTo(Verdict.ACCEPTED));
        }
    }

    @Test
    void nodeProducerSubmissionIsReadByTheNodeConsumer() {
        assumeTrue(NodeExamples.nodeInstalled(), "node and npm are not on the PATH");
        NodeExamples.install();
        String brokers = pipeline.bootstrapServers();

        NodeExamples.Run produced = NodeExamples.run(Duration.ofSeconds(60), "node", "producer.js",
                "--brokers", brokers, "--source", "print(input().upper())", "--stdin", "kafkajs");
        assertThat(produced.exitCode()).as(produced.output()).isZero();
        Matcher id = UUID_LINE.matcher(produced.output());
        assertThat(id.find()).as(produced.output()).isTrue();

        NodeExamples.Run consumed = NodeExamples.run(RESULT_TIMEOUT, "node", "consumer.js",
                "--brokers", brokers, "--until", id.group());
        assertThat(consumed.exitCode()).as(consumed.output()).isZero();
        assertThat(consumed.output()).contains(id.group() + " python ACCEPTED stdout=\"KAFKAJS\\n\"")
                .containsPattern("(?m)^python ACCEPTED \\d+$");
    }

    private int post(String url, String body, String signature) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .header("X-Codeexec-Delivery", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            request.header("X-Codeexec-Signature", signature);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** A well-formed, current signature under a secret that is not the shared one. */
    private static String forgedSignature(byte[] body) {
        return Signatures.sign("not-the-shared-secret-42", Clock.systemUTC().instant().getEpochSecond(), body);
    }
}

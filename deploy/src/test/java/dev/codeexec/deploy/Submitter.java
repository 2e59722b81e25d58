package dev.codeexec.deploy;

import dev.codeexec.schemas.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Hands submissions to the deployment the two ways users do: a plain Kafka producer writing JSON
 * to {@code codeexec.submissions.v1} (acks=all, idempotent, as any producer should), and
 * {@code POST /api/v1/submissions}. The program sleeps 300 ms, so the runs are bound by wall time,
 * not by this machine's two cores.
 */
final class Submitter implements AutoCloseable {

    static final String SLEEPER = "sleep 0.3; echo ok";
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

    private final KafkaProducer<String, String> producer;
    private final String apiUrl;
    private final String apiKey;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final List<Exception> producerErrors = new CopyOnWriteArrayList<>();
    private final List<String> unavailable = new CopyOnWriteArrayList<>();

    Submitter(Deployment deployment) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, deployment.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
        apiUrl = deployment.apiUrl();
        apiKey = deployment.apiKey();
    }

    /** Produces one sleeper with id {@code id} to {@code partition}; failures are kept, see {@link #producerErrors}. */
    void produce(String id, int partition) {
        String json = "{\"schemaVersion\":1,\"id\":\"" + id + "\",\"language\":\"bash\",\"source\":\""
                + SLEEPER + "\"}";
        producer.send(new ProducerRecord<>(Topics.SUBMISSIONS, partition, id, json), (metadata, error) -> {
            if (error != null) {
                producerErrors.add(error);
            }
        });
    }

    void flush() {
        producer.flush();
    }

    /** Errors the producer gave up on (after its own retries): each is a lost submission. */
    List<Exception> producerErrors() {
        return producerErrors;
    }

    /** Submits one sleeper over REST and returns the id the API gave it. */
    String post() throws Exception {
        // one key for the submission and its retries: a record a stalled broker took late is then
        // answered by the retry, never a second submission
        String key = UUID.randomUUID().toString();
        HttpResponse<String> response = postOnce(key);
        // a 503 means nothing was accepted and says when to retry; a client does (right after a broker
        // dies, the API's producer may need its produce timeout to find the partitions' new leaders)
        for (int retry = 0; response.statusCode() == 503 && retry < 5; retry++) {
            unavailable.add(response.body());
            Thread.sleep(1_000L * response.headers().firstValue("Retry-After").map(Long::parseLong).orElse(5L));
            response = postOnce(key);
        }
        if (response.statusCode() != 202) {
            throw new IllegalStateException("POST /submissions answered " + response.statusCode() + ": " + response.body());
        }
        Matcher id = ID.matcher(response.body());
        if (!id.find()) {
            throw new IllegalStateException("no id in " + response.body());
        }
        return id.group(1);
    }

    private HttpResponse<String> postOnce(String idempotencyKey) throws Exception {
        return http.send(request("/submissions").header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString("{\"language\":\"bash\",\"source\":\"" + SLEEPER + "\"}"))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The bodies of the 503s {@link #post} retried after. */
    List<String> unavailable() {
        return List.copyOf(unavailable);
    }

    /** {@code GET /submissions/{id}}: the body, as a user reads it. */
    String get(String id) throws Exception {
        return http.send(request("/submissions/" + id).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(apiUrl + path)).timeout(Duration.ofSeconds(30)).header("X-Api-Key", apiKey);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}

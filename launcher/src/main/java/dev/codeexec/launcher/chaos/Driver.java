package dev.codeexec.launcher.chaos;

import dev.codeexec.launcher.ProcessStack;
import dev.codeexec.schemas.SubmissionStatus;
import dev.codeexec.schemas.Topics;
import dev.codeexec.schemas.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Sends load as a user would (REST) and as another producer would (straight to Kafka), and reads status over REST. */
final class Driver implements AutoCloseable {

    /** An accepted submission: over REST (202) or produced to the submissions topic (acknowledged). */
    record Accepted(String id, Submission submission, Instant acceptedAt, boolean viaRest) {
    }

    /** What {@code POST /submissions} answered when it did not accept. */
    record Refused(Submission submission, int status, String body) {
    }

    /** A terminal answer seen over REST. */
    record Terminal(String verdict, Instant seenAt) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final ProcessStack stack;
    private final KafkaProducer<String, byte[]> producer;

    Driver(ProcessStack stack) {
        this.stack = stack;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 * 1024 * 1024,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 180_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 180_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** One {@code POST}: the accepted submission, or the refusal (status 0 when nothing answered). */
    Object submit(Submission submission) {
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(stack.apiBaseUrl() + "/api/v1/submissions"))
                    .header("Authorization", "Bearer " + stack.apiKey())
                    .header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString(submission.body(), StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 202 || answer.statusCode() == 200) {
                String id = Json.mapper().readTree(answer.body()).path("id").asString();
                return new Accepted(id, submission, Instant.now(), true);
            }
            return new Refused(submission, answer.statusCode(), answer.body());
        } catch (IOException e) {
            return new Refused(submission, 0, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Submits again every second until accepted (the API may be down), or empty at {@code giveUpAt}. */
    Optional<Accepted> submitUntilAccepted(Submission submission, Instant giveUpAt) {
        while (Instant.now().isBefore(giveUpAt)) {
            if (submit(submission) instanceof Accepted accepted) {
                return Optional.of(accepted);
            }
            pause(Duration.ofSeconds(1));
        }
        return Optional.empty();
    }

    /** Produces a valid submission straight to Kafka, keyed by its id, and waits for the acknowledgement. */
    Accepted produce(String id, Submission submission) {
        ObjectNode record = (ObjectNode) Json.mapper().readTree(submission.body());
        record.put("schemaVersion", 1).put("id", id);
        produceRaw(id, record.toString().getBytes(StandardCharsets.UTF_8));
        return new Accepted(id, submission, Instant.now(), false);
    }

    /** Produces any bytes (or null) straight to the submissions topic and waits for the acknowledgement. */
    void produceRaw(String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(Topics.SUBMISSIONS, key, value)).get(200, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not produce " + key + ": " + e, e);
        }
    }

    /** An id of the form {@code prefix-N} that the default partitioner puts on {@code partition}. */
    static String idOnPartition(String prefix, int partition, int partitions) {
        for (int n = 0; ; n++) {
            String id = prefix + "-" + n;
            if (Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % partitions == partition) {
                return id;
            }
        }
    }

    /** The verdict once {@code GET /submissions/{id}} says COMPLETED; empty before or while the API is away. */
    Optional<Terminal> terminal(String id) {
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(stack.apiBaseUrl() + "/api/v1/submissions/" + id))
                    .header("X-Api-Key", stack.apiKey()).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                return Optional.empty();
            }
            JsonNode json = Json.mapper().readTree(answer.body());
            if (!SubmissionStatus.COMPLETED.name().equals(json.path("status").asString())) {
                return Optional.empty();
            }
            return Optional.of(new Terminal(json.path("verdict").asString(), Instant.now()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code GET} shows the submission RUNNING (work is in flight). */
    boolean running(String id) {
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(stack.apiBaseUrl() + "/api/v1/submissions/" + id))
                    .header("X-Api-Key", stack.apiKey()).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 200 && SubmissionStatus.RUNNING.name().equals(Json.mapper().readTree(answer.body()).path("status").asString());
        } catch (IOException | RuntimeException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis()); // a driver polling a live system: only time passes between polls
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}

package dev.codeexec.examples;

import dev.codeexec.schemas.Topics;
import dev.codeexec.schemas.kafka.JsonSerde;
import dev.codeexec.schemas.v1.Submission;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Submits one program straight to Kafka: a {@link Submission} on {@link Topics#SUBMISSIONS}, keyed
 * by its id. An executor runs it and publishes the result on {@link Topics#RESULTS} (read it with
 * {@link VerdictTally}); with a callback URL the results sink also POSTs it there, signed.
 *
 * <pre>
 * java -cp ... dev.codeexec.examples.SubmitProgram [--brokers 127.0.0.1:9092] [--language python]
 *     [--source 'print(input()[::-1])'] [--stdin olleh] [--expected-output hello] [--callback-url URL]
 * </pre>
 * Prints the submission's id.
 */
public final class SubmitProgram {

    private SubmitProgram() {
    }

    public static void main(String[] argv) throws Exception {
        Args args = Args.of(argv);
        Submission submission = submission(args.get("--language", "python"),
                args.get("--source", "print(input()[::-1])"), args.get("--stdin", "olleh"),
                args.get("--expected-output", null), args.get("--callback-url", null));
        send(args.get("--brokers", "127.0.0.1:9092"), submission);
        System.out.println(submission.id());
    }

    /** A submission with one source file and one test case; {@code null} leaves a field out. */
    public static Submission submission(String language, String source, String stdin, String expectedOutput,
            String callbackUrl) {
        return new Submission(Submission.VERSION, UUID.randomUUID().toString(), Submission.DEFAULT_TENANT,
                language, source,
                null, null,             // files and entrypoint: for programs of several files
                stdin,
                null, null, null,       // args, compiler options, several test cases
                expectedOutput,         // when given, a different stdout is WRONG_ANSWER
                null, null,             // compare mode and limits: the defaults
                Map.of("source", "java-example"), // metadata: copied into the result as it is
                callbackUrl, Instant.now());
    }

    /** Sends {@code submission} and returns once the broker has stored it. */
    public static void send(String bootstrapServers, Submission submission)
            throws InterruptedException, ExecutionException {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // every in-sync replica has the record before send() completes, and retries never duplicate it
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // JsonSerde validates against the schema: an invalid submission fails here, not in the executor
        try (KafkaProducer<String, Submission> producer =
                new KafkaProducer<>(config, new StringSerializer(), JsonSerde.submission())) {
            // the key is the id: every record of one submission lands on the same partition, in order
            producer.send(new ProducerRecord<>(Topics.SUBMISSIONS, submission.id(), submission)).get();
        }
    }
}

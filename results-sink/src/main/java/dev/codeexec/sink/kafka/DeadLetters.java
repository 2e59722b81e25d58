package dev.codeexec.sink.kafka;

import dev.codeexec.schemas.DeadLetterHeaders;
import dev.codeexec.schemas.kafka.InvalidRecordException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Publishes records that cannot be read to {@code <topic>.dlt}, unchanged, with the reason and
 * origin in {@link DeadLetterHeaders}. Waits for the broker's acknowledgement so the offset of
 * the bad record is only committed once it is safe in the dead-letter topic.
 */
public final class DeadLetters {

    /** Suffix of every dead-letter topic. */
    public static final String SUFFIX = ".dlt";

    /** A record that could not be read and why. */
    public record Rejected(ConsumerRecord<String, byte[]> record, InvalidRecordException error) {
    }

    private final KafkaTemplate<String, byte[]> template;

    public DeadLetters(KafkaTemplate<String, byte[]> template) {
        this.template = template;
    }

    public static String topicFor(String topic) {
        return topic + SUFFIX;
    }

    /** Publishes all of {@code rejected} and waits until the broker has them. */
    public void publish(List<Rejected> rejected) {
        if (rejected.isEmpty()) {
            return;
        }
        List<CompletableFuture<?>> sends = new ArrayList<>();
        for (Rejected r : rejected) {
            ConsumerRecord<String, byte[]> in = r.record();
            ProducerRecord<String, byte[]> out = new ProducerRecord<>(topicFor(in.topic()), null, in.key(), in.value());
            Headers headers = out.headers();
            in.headers().forEach(headers::add);
            header(headers, DeadLetterHeaders.REASON, r.error().reason().name());
            header(headers, DeadLetterHeaders.DETAIL, r.error().detail());
            header(headers, DeadLetterHeaders.ORIGINAL_TOPIC, in.topic());
            header(headers, DeadLetterHeaders.ORIGINAL_PARTITION, String.valueOf(in.partition()));
            header(headers, DeadLetterHeaders.ORIGINAL_OFFSET, String.valueOf(in.offset()));
            sends.add(template.send(out));
        }
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing dead letters", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not publish dead letters", e);
        }
    }

    private static void header(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}

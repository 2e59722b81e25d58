package dev.codeexec.schemas;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Header names set on every record written to a dead-letter topic. Values are UTF-8 strings. */
public final class DeadLetterHeaders {

    /** A {@link dev.codeexec.schemas.kafka.InvalidRecordException.Reason} name, e.g. {@code NOT_JSON}. */
    public static final String REASON = "codeexec-dlt-reason";
    /** Human-readable detail: which field failed and why. */
    public static final String DETAIL = "codeexec-dlt-detail";
    /** Topic the record was read from. */
    public static final String ORIGINAL_TOPIC = "codeexec-dlt-original-topic";
    /** Partition the record was read from (decimal). */
    public static final String ORIGINAL_PARTITION = "codeexec-dlt-original-partition";
    /** Offset the record was read from (decimal). */
    public static final String ORIGINAL_OFFSET = "codeexec-dlt-original-offset";
    /**
     * Set only when the value was cut to {@link #MAX_VALUE_BYTES} to fit a producer request: the
     * original value's size in bytes (decimal). The whole value stays in the original topic, at
     * the original offset, until retention deletes it.
     */
    public static final String ORIGINAL_VALUE_BYTES = "codeexec-dlt-original-value-bytes";
    /** Set only when the key was cut to {@link #MAX_KEY_BYTES}: the original key's size in bytes (decimal). */
    public static final String ORIGINAL_KEY_BYTES = "codeexec-dlt-original-key-bytes";

    /**
     * The most bytes of a value a dead letter carries: with the key, the headers and the batch,
     * well under a producer's default {@code max.request.size} (1 MiB). A broker may take larger
     * records than that; their dead letters must still be written, or the partition stalls.
     */
    public static final int MAX_VALUE_BYTES = 768 * 1024;
    /** The most bytes of a key a dead letter carries. */
    public static final int MAX_KEY_BYTES = 4 * 1024;

    private DeadLetterHeaders() {
    }

    /** The headers of {@code record}'s dead letter: the reason, its detail and where it was read. */
    public static Headers of(ConsumerRecord<?, ?> record, String reason, String detail) {
        Headers headers = new RecordHeaders();
        put(headers, REASON, reason);
        put(headers, DETAIL, detail);
        put(headers, ORIGINAL_TOPIC, record.topic());
        put(headers, ORIGINAL_PARTITION, Integer.toString(record.partition()));
        put(headers, ORIGINAL_OFFSET, Long.toString(record.offset()));
        return headers;
    }

    /**
     * {@code letter} as it can be produced: unchanged when its key and value are within
     * {@link #MAX_KEY_BYTES} and {@link #MAX_VALUE_BYTES}, else with them cut to those sizes and
     * {@link #ORIGINAL_KEY_BYTES} / {@link #ORIGINAL_VALUE_BYTES} added.
     */
    public static ProducerRecord<Object, Object> fitted(ProducerRecord<Object, Object> letter) {
        Object key = letter.key();
        Object value = letter.value();
        Headers headers = new RecordHeaders(letter.headers().toArray());
        boolean cut = false;
        if (value instanceof byte[] bytes && bytes.length > MAX_VALUE_BYTES) {
            value = Arrays.copyOf(bytes, MAX_VALUE_BYTES);
            put(headers, ORIGINAL_VALUE_BYTES, Integer.toString(bytes.length));
            cut = true;
        }
        byte[] keyBytes = key instanceof String text ? text.getBytes(StandardCharsets.UTF_8)
                : key instanceof byte[] raw ? raw : null;
        if (keyBytes != null && keyBytes.length > MAX_KEY_BYTES) {
            byte[] kept = Arrays.copyOf(keyBytes, MAX_KEY_BYTES);
            key = key instanceof String ? new String(kept, StandardCharsets.UTF_8) : kept;
            put(headers, ORIGINAL_KEY_BYTES, Integer.toString(keyBytes.length));
            cut = true;
        }
        return cut ? new ProducerRecord<>(letter.topic(), letter.partition(), letter.timestamp(), key, value, headers)
                : letter;
    }

    private static void put(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}

package dev.codeexec.schemas;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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

    private static void put(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}

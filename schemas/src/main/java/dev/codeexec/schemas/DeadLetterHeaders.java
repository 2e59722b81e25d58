package dev.codeexec.schemas;

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
}

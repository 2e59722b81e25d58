package dev.codeexec.schemas;

/**
 * Names of the log context (MDC) entries every codeexec service sets, so one search finds a
 * submission's lines in the API, the executors and the sink alike.
 */
public final class LogKeys {

    /** The id of the submission a log line is about; set while a service handles one. */
    public static final String SUBMISSION_ID = "submissionId";

    /**
     * The W3C trace id of the work a log line belongs to (the name Micrometer Tracing gives it):
     * one trace spans the REST request, the run in an executor and the storing of its result.
     */
    public static final String TRACE_ID = "traceId";

    /** The Kafka record header (and HTTP header) that carries the W3C trace context. */
    public static final String TRACE_PARENT_HEADER = "traceparent";

    private LogKeys() {
    }
}

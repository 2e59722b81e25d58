package dev.codeexec.schemas;

/**
 * Names of the log context (MDC) entries every codeexec service sets, so one search finds a
 * submission's lines in the API, the executors and the sink alike.
 */
public final class LogKeys {

    /** The id of the submission a log line is about; set while a service handles one. */
    public static final String SUBMISSION_ID = "submissionId";

    private LogKeys() {
    }
}

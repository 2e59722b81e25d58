package dev.codeexec.api.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;

/**
 * The counter {@code codeexec.api.submissions}: every submission the API was asked to take, with
 * tag {@code outcome} {@code accepted} or {@code refused} and, when refused, tag {@code reason}
 * named after its HTTP status ({@code invalid} 400, {@code unauthenticated} 401, {@code forbidden}
 * 403, {@code too_large} 413, {@code unsupported_media_type} 415, {@code unprocessable} 422,
 * {@code too_many} 429, {@code unavailable} 503; {@code other} for another 4xx, {@code error} for
 * another 5xx). A batch counts each of its items; a batch refused as a whole counts once.
 */
final class SubmissionOutcomes {

    static final String NAME = "codeexec.api.submissions";

    private static final Map<Integer, String> REASONS = Map.of(
            400, "invalid", 401, "unauthenticated", 403, "forbidden", 404, "not_found", 413, "too_large",
            415, "unsupported_media_type", 422, "unprocessable", 429, "too_many", 503, "unavailable");

    private final MeterRegistry registry;
    private final Counter accepted;

    SubmissionOutcomes(MeterRegistry registry) {
        this.registry = registry;
        this.accepted = counter("accepted", "none");
    }

    void accepted() {
        accepted.increment();
    }

    /** A submission answered with this HTTP status: accepted when 2xx, else refused for its reason. */
    void answered(int httpStatus) {
        if (httpStatus >= 200 && httpStatus < 300) {
            accepted();
        } else {
            counter("refused", reason(httpStatus)).increment();
        }
    }

    static String reason(int httpStatus) {
        return REASONS.getOrDefault(httpStatus, httpStatus >= 500 ? "error" : "other");
    }

    private Counter counter(String outcome, String reason) {
        return Counter.builder(NAME).tag("outcome", outcome).tag("reason", reason)
                .description("submissions asked for, by outcome and refusal reason").register(registry);
    }
}

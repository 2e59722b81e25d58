package dev.codeexec.sink.observability;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.HashMap;
import java.util.Map;

/**
 * Lets the storing of a result join the trace of the submission it answers. The result records
 * carry that trace's W3C context ({@code traceparent} header, written by the executor); the sink's
 * listeners take records in batches, and spring-kafka's observation of a batch listener opens one
 * span per record but closes it before the listener runs. So the listener hands the headers here:
 * {@link #during} opens one span per submission, child of its record's context, for as long as the
 * batch is handled on this thread, and {@link #inTraceOf} puts a submission's span in scope, which
 * puts its {@code traceId} in the log context.
 */
public final class SubmissionTraces {

    private static final String SPAN_NAME = "codeexec.sink.store-result";

    private final Tracer tracer;
    private final Propagator propagator;
    private final ThreadLocal<Map<String, Span>> spans = new ThreadLocal<>();

    public SubmissionTraces(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** No tracing: work runs as is. */
    public static SubmissionTraces none() {
        return new SubmissionTraces(Tracer.NOOP, Propagator.NOOP);
    }

    /**
     * Runs {@code work} with one span per submission of {@code contexts} (submission id to its
     * record's trace headers, e.g. {@code traceparent}), ended when it returns or throws.
     */
    public void during(Map<String, Map<String, String>> contexts, Runnable work) {
        Map<String, Span> started = new HashMap<>();
        contexts.forEach((submissionId, headers) -> {
            if (!headers.isEmpty()) {
                started.put(submissionId, propagator.extract(headers, Map::get).name(SPAN_NAME)
                        .tag("codeexec.submission.id", submissionId).start());
            }
        });
        spans.set(started);
        try {
            work.run();
        } finally {
            spans.remove();
            started.values().forEach(Span::end);
        }
    }

    /** Runs {@code work} in the span of {@code submissionId} when the batch on this thread has one. */
    public void inTraceOf(String submissionId, Runnable work) {
        Map<String, Span> current = spans.get();
        Span span = current == null ? null : current.get(submissionId);
        if (span == null) {
            work.run();
            return;
        }
        try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
            work.run();
        }
    }
}

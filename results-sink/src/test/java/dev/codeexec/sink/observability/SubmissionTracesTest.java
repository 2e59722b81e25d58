package dev.codeexec.sink.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeexec.schemas.LogKeys;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The storing of a result joins the trace of its record's {@code traceparent}, with the Micrometer
 * Tracing OpenTelemetry bridge (sampled by the parent, as Spring Boot sets it up). That the trace id
 * then reaches the log lines is Boot's wiring: {@code UpCommandTest} checks the sink's lines.
 */
class SubmissionTracesTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(0.1))).build();
    private final io.opentelemetry.api.trace.Tracer otel = provider.get("test");
    private final OtelTracer tracer = new OtelTracer(otel, new OtelCurrentTraceContext(), event -> { });
    private final SubmissionTraces traces = new SubmissionTraces(tracer,
            new OtelPropagator(ContextPropagators.create(W3CTraceContextPropagator.getInstance()), otel));

    @AfterEach
    void close() {
        provider.close();
    }

    @Test
    void aSubmissionWhoseRecordCarriedATraceparentIsStoredInItsTraceTheOthersInNone() {
        for (String flags : List.of("01", "00")) {   // sampled or not, the context is the same
            List<String> seen = new ArrayList<>();

            traces.during(Map.of("a", Map.of(LogKeys.TRACE_PARENT_HEADER, "00-" + TRACE_ID + "-00f067aa0ba902b7-" + flags),
                    "b", Map.of()), () -> {
                        traces.inTraceOf("a", () -> seen.add(currentTraceId()));
                        traces.inTraceOf("b", () -> seen.add(currentTraceId()));
                        traces.inTraceOf("not in the batch", () -> seen.add(currentTraceId()));
                    });

            assertThat(seen).as("flags %s", flags).containsExactly(TRACE_ID, null, null);
            assertThat(currentTraceId()).isNull();
        }
    }

    @Test
    void outsideABatchWorkRunsAsIs() {
        List<String> seen = new ArrayList<>();

        traces.inTraceOf("a", () -> seen.add(String.valueOf(currentTraceId())));

        assertThat(seen).containsExactly("null");
    }

    private String currentTraceId() {
        Span span = tracer.currentSpan();
        return span == null ? null : span.context().traceId();
    }
}

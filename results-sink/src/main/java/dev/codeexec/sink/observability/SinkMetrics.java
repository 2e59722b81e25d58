package dev.codeexec.sink.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The counter {@code codeexec.sink.dead.letters} (tags {@code topic}: the topic the record came
 * from, one of the sink's few; {@code reason}: the {@code codeexec-dlt-reason} header's value).
 */
public final class SinkMetrics {

    private final MeterRegistry registry;

    public SinkMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void deadLetter(String topic, String reason) {
        Counter.builder("codeexec.sink.dead.letters").tag("topic", topic).tag("reason", reason)
                .description("records the sink sent to a dead-letter topic").register(registry).increment();
    }
}

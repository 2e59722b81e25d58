package dev.codeexec.sink.kafka;

import dev.codeexec.schemas.LogKeys;
import dev.codeexec.schemas.Topics;
import dev.codeexec.schemas.kafka.RecordCodec;
import dev.codeexec.sink.health.DependencyHealth;
import dev.codeexec.sink.observability.SubmissionTraces;
import dev.codeexec.sink.persist.PersistResults;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Persists batches of results. Throwing makes the container's error handler retry the same
 * batch with back-off (consumption paused) and commits no offset until a call returns. Each result's
 * storing joins the trace of its record's {@code traceparent} header ({@link SubmissionTraces}).
 */
public class ResultListener {

    static final String ID = "sink-results";

    private final PersistResults persistResults;
    private final PersistBatch batches;
    private final SubmissionTraces traces;

    public ResultListener(PersistResults persistResults, DependencyHealth health, SubmissionTraces traces) {
        this.persistResults = persistResults;
        this.batches = new PersistBatch(ID, health);
        this.traces = traces;
    }

    @KafkaListener(id = ID, topics = Topics.RESULTS, groupId = "${codeexec.sink.group-id:codeexec-results-sink}",
            containerFactory = "sinkListenerFactory", batch = "true")
    public void onResults(List<ConsumerRecord<String, byte[]>> records) {
        traces.during(traceHeaders(records), () -> batches.handle(records, RecordCodec.RESULT, persistResults::persist));
    }

    /** The W3C trace context of each record with a key (the submission id) and a {@code traceparent}. */
    static Map<String, Map<String, String>> traceHeaders(List<ConsumerRecord<String, byte[]>> records) {
        Map<String, Map<String, String>> contexts = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            Header parent = record.headers().lastHeader(LogKeys.TRACE_PARENT_HEADER);
            if (record.key() != null && parent != null) {
                Map<String, String> headers = new HashMap<>();
                headers.put(LogKeys.TRACE_PARENT_HEADER, new String(parent.value(), StandardCharsets.UTF_8));
                Header state = record.headers().lastHeader("tracestate");
                if (state != null) {
                    headers.put("tracestate", new String(state.value(), StandardCharsets.UTF_8));
                }
                contexts.put(record.key(), headers);
            }
        }
        return contexts;
    }
}

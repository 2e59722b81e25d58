package dev.codeexec.sink.kafka;

import dev.codeexec.schemas.Topics;
import dev.codeexec.schemas.kafka.RecordCodec;
import dev.codeexec.schemas.v1.ExecutionResult;
import dev.codeexec.sink.health.DependencyHealth;
import dev.codeexec.sink.persist.PersistResults;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Persists batches of results. Throwing makes the container's error handler retry the same
 * batch with back-off (consumption paused) and commits no offset until a call returns.
 */
public class ResultListener {

    static final String ID = "sink-results";
    private static final Logger log = LoggerFactory.getLogger(ResultListener.class);

    private final PersistResults persistResults;
    private final DeadLetters deadLetters;
    private final DependencyHealth health;

    public ResultListener(PersistResults persistResults, DeadLetters deadLetters, DependencyHealth health) {
        this.persistResults = persistResults;
        this.deadLetters = deadLetters;
        this.health = health;
    }

    @KafkaListener(id = ID, topics = Topics.RESULTS, groupId = "${codeexec.sink.group-id:codeexec-results-sink}",
            containerFactory = "sinkListenerFactory", batch = "true")
    public void onResults(List<ConsumerRecord<String, byte[]>> records) {
        Decoded<ExecutionResult> decoded = Decoded.of(records, RecordCodec.RESULT);
        try {
            persistResults.persist(decoded.values());
            deadLetters.publish(decoded.rejected());
        } catch (RuntimeException e) {
            health.failed(ID, e);
            log.warn("cannot persist {} results yet, will retry: {}", records.size(), e.toString());
            throw e;
        }
        health.succeeded(ID);
    }
}

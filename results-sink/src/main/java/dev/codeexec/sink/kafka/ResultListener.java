package dev.codeexec.sink.kafka;

import dev.codeexec.schemas.Topics;
import dev.codeexec.schemas.kafka.RecordCodec;
import dev.codeexec.sink.health.DependencyHealth;
import dev.codeexec.sink.persist.PersistResults;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Persists batches of results. Throwing makes the container's error handler retry the same
 * batch with back-off (consumption paused) and commits no offset until a call returns.
 */
public class ResultListener {

    static final String ID = "sink-results";

    private final PersistResults persistResults;
    private final PersistBatch batches;

    public ResultListener(PersistResults persistResults, DependencyHealth health) {
        this.persistResults = persistResults;
        this.batches = new PersistBatch(ID, health);
    }

    @KafkaListener(id = ID, topics = Topics.RESULTS, groupId = "${codeexec.sink.group-id:codeexec-results-sink}",
            containerFactory = "sinkListenerFactory", batch = "true")
    public void onResults(List<ConsumerRecord<String, byte[]>> records) {
        batches.handle(records, RecordCodec.RESULT, persistResults::persist);
    }
}

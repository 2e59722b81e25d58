package dev.codeexec.sink.kafka;

import dev.codeexec.schemas.Topics;
import dev.codeexec.schemas.kafka.RecordCodec;
import dev.codeexec.sink.health.DependencyHealth;
import dev.codeexec.sink.persist.RecordStatuses;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;

/** Applies batches of status events; retried like {@link ResultListener} when a write fails. */
public class StatusListener {

    static final String ID = "sink-status";

    private final RecordStatuses recordStatuses;
    private final PersistBatch batches;

    public StatusListener(RecordStatuses recordStatuses, DependencyHealth health) {
        this.recordStatuses = recordStatuses;
        this.batches = new PersistBatch(ID, health);
    }

    @KafkaListener(id = ID, topics = Topics.STATUS, groupId = "${codeexec.sink.group-id:codeexec-results-sink}",
            containerFactory = "offPathListenerFactory", batch = "true")
    public void onStatuses(List<ConsumerRecord<String, byte[]>> records) {
        batches.handle(records, RecordCodec.STATUS, recordStatuses::record);
    }
}

package dev.codeexec.sink.kafka;

import dev.codeexec.schemas.Topics;
import dev.codeexec.schemas.kafka.RecordCodec;
import dev.codeexec.schemas.v1.StatusEvent;
import dev.codeexec.sink.health.DependencyHealth;
import dev.codeexec.sink.persist.RecordStatuses;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;

/** Applies batches of status events; retried like {@link ResultListener} when a write fails. */
public class StatusListener {

    static final String ID = "sink-status";
    private static final Logger log = LoggerFactory.getLogger(StatusListener.class);

    private final RecordStatuses recordStatuses;
    private final DeadLetters deadLetters;
    private final DependencyHealth health;

    public StatusListener(RecordStatuses recordStatuses, DeadLetters deadLetters, DependencyHealth health) {
        this.recordStatuses = recordStatuses;
        this.deadLetters = deadLetters;
        this.health = health;
    }

    @KafkaListener(id = ID, topics = Topics.STATUS, groupId = "${codeexec.sink.group-id:codeexec-results-sink}",
            containerFactory = "sinkListenerFactory", batch = "true")
    public void onStatuses(List<ConsumerRecord<String, byte[]>> records) {
        Decoded<StatusEvent> decoded = Decoded.of(records, RecordCodec.STATUS);
        try {
            recordStatuses.record(decoded.values());
            deadLetters.publish(decoded.rejected());
        } catch (RuntimeException e) {
            health.failed(ID, e);
            log.warn("cannot record {} status events yet, will retry: {}", records.size(), e.toString());
            throw e;
        }
        health.succeeded(ID);
    }
}

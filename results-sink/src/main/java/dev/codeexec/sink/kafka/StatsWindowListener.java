package dev.codeexec.sink.kafka;

import dev.codeexec.schemas.Topics;
import dev.codeexec.schemas.kafka.RecordCodec;
import dev.codeexec.sink.health.DependencyHealth;
import dev.codeexec.sink.stats.StatsWindowStorePort;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;

/** Copies the stats topic into {@code stats_windows} so the API can serve the latest windows. */
public class StatsWindowListener {

    static final String ID = "sink-stats-windows";

    private final StatsWindowStorePort store;
    private final PersistBatch batches;

    public StatsWindowListener(StatsWindowStorePort store, DependencyHealth health) {
        this.store = store;
        this.batches = new PersistBatch(ID, health);
    }

    @KafkaListener(id = ID, topics = Topics.STATS, groupId = "${codeexec.sink.group-id:codeexec-results-sink}",
            containerFactory = "analyticsListenerFactory", batch = "true")
    public void onWindows(List<ConsumerRecord<String, byte[]>> records) {
        batches.handle(records, RecordCodec.STATS, windows -> {
            if (!windows.isEmpty()) {
                store.save(windows);
            }
        });
    }
}

package dev.codeexec.api.adapter.kafka;

import dev.codeexec.api.admission.BacklogPort;
import dev.codeexec.schemas.Topics;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backlog of the submissions topic: records not yet consumed by the executors' consumer group
 * (sum over partitions of end offset minus committed offset, or minus the start offset where the
 * group has committed nothing). Measured by {@link #refresh()}, read from memory by {@link #backlog()}
 * and, per partition, {@link #byPartition()}.
 */
public final class KafkaBacklog implements BacklogPort {

    private static final Logger log = LoggerFactory.getLogger(KafkaBacklog.class);
    private final Admin admin;
    private final String group;
    private volatile long backlog = -1;
    private volatile Map<Integer, Long> byPartition = Map.of();

    public KafkaBacklog(Admin admin, String group) {
        this.admin = admin;
        this.group = group;
    }

    @Override
    public OptionalLong backlog() {
        long b = backlog;
        return b < 0 ? OptionalLong.empty() : OptionalLong.of(b);
    }

    /** The last measurement per partition of the submissions topic; empty while unknown. */
    public Map<Integer, Long> byPartition() {
        return byPartition;
    }

    /**
     * Measures the lag now; on failure the last measurement is forgotten (unknown backlog admits).
     * One measurement at a time: the scheduled refresh and a caller's must not overlap, or the one
     * that started first (and saw fewer records) could finish last and overwrite the newer count.
     */
    public synchronized void refresh() {
        try {
            Map<Integer, Long> measured = measure();
            byPartition = measured;
            backlog = measured.values().stream().mapToLong(Long::longValue).sum();
        } catch (Exception e) {
            if (backlog >= 0) {
                log.warn("cannot measure the submissions backlog: {}", e.toString());
            }
            backlog = -1;
            byPartition = Map.of();
        }
    }

    private Map<Integer, Long> measure() throws Exception {
        TopicDescription topic = admin.describeTopics(java.util.List.of(Topics.SUBMISSIONS))
                .allTopicNames().get(5, TimeUnit.SECONDS).get(Topics.SUBMISSIONS);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        topic.partitions().forEach(p -> {
            TopicPartition tp = new TopicPartition(Topics.SUBMISSIONS, p.partition());
            latest.put(tp, OffsetSpec.latest());
            earliest.put(tp, OffsetSpec.earliest());
        });
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS);
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts =
                admin.listOffsets(earliest).all().get(5, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
        Map<Integer, Long> lags = new HashMap<>();
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end : ends.entrySet()) {
            OffsetAndMetadata done = committed.get(end.getKey());
            long from = done != null ? done.offset() : starts.get(end.getKey()).offset();
            lags.put(end.getKey().partition(), Math.max(0, end.getValue().offset() - from));
        }
        return Map.copyOf(lags);
    }
}

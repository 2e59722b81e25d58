package dev.codeexec.sink.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * What consumer groups have not read yet, from the admin API: per partition, from the group's
 * committed offset (or the log start, when it has none or retention deleted past it) to the end.
 * Fails with {@link IllegalStateException} when the broker does not answer within the timeout.
 */
final class GroupOffsets {

    /** The records of one partition a group has not consumed: offsets {@code from} to {@code end}, exclusive. */
    record Unread(long from, long end) {
        long count() {
            return Math.max(0, end - from);
        }
    }

    private final Admin admin;
    private final Duration timeout;

    GroupOffsets(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /** The partitions of the topics, in one request; a topic that does not exist has none. */
    List<TopicPartition> partitions(Collection<String> topics) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (Map.Entry<String, KafkaFuture<TopicDescription>> topic
                : admin.describeTopics(topics).topicNameValues().entrySet()) {
            try {
                get(topic.getValue()).partitions()
                        .forEach(p -> partitions.add(new TopicPartition(topic.getKey(), p.partition())));
            } catch (IllegalStateException e) {
                if (!(e.getCause() instanceof ExecutionException cause
                        && cause.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
        }
        return partitions;
    }

    /**
     * For each group, what it has not consumed of its partitions: one request for the groups'
     * committed offsets, one for the log starts and one for the ends, whatever the number of groups.
     */
    Map<String, Map<TopicPartition, Unread>> unread(Map<String, List<TopicPartition>> partitionsByGroup) {
        Map<String, ListConsumerGroupOffsetsSpec> groups = new HashMap<>();
        List<TopicPartition> all = new ArrayList<>();
        partitionsByGroup.forEach((group, partitions) -> {
            groups.put(group, new ListConsumerGroupOffsetsSpec());
            partitions.stream().filter(p -> !all.contains(p)).forEach(all::add);
        });
        if (all.isEmpty()) {
            Map<String, Map<TopicPartition, Unread>> none = new HashMap<>();
            partitionsByGroup.keySet().forEach(group -> none.put(group, Map.of()));
            return none;
        }
        Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = get(admin.listConsumerGroupOffsets(groups).all());
        Map<TopicPartition, Long> earliest = offsets(all, OffsetSpec.earliest());
        Map<TopicPartition, Long> latest = offsets(all, OffsetSpec.latest());
        Map<String, Map<TopicPartition, Unread>> unread = new HashMap<>();
        partitionsByGroup.forEach((group, partitions) -> {
            Map<TopicPartition, OffsetAndMetadata> done = committed.getOrDefault(group, Map.of());
            Map<TopicPartition, Unread> byPartition = new HashMap<>();
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata at = done.get(partition);
                long from = Math.max(earliest.get(partition), at == null ? 0 : at.offset());
                byPartition.put(partition, new Unread(from, latest.get(partition)));
            }
            unread.put(group, byPartition);
        });
        return unread;
    }

    private Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec) {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(p -> request.put(p, spec));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> infos = get(admin.listOffsets(request).all());
        Map<TopicPartition, Long> offsets = new HashMap<>();
        infos.forEach((p, info) -> offsets.put(p, info.offset()));
        return offsets;
    }

    private <T> T get(KafkaFuture<T> future) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("could not read offsets from the broker: " + e, e);
        }
    }
}

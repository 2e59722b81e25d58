package dev.codeexec.sink.kafka;

import dev.codeexec.schemas.Topics;
import dev.codeexec.sink.reaper.QueueProgressPort;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Reads how far a consumer group has come on a topic, as the timestamp of the first record it has
 * not consumed yet: for each partition, from the group's committed offset (or the log start), a
 * {@code read_committed} consumer reads the next record. A partition consumed up to its high
 * watermark is done up to the time of the check. One whose next record sits behind a transaction still open cannot
 * tell; records in it or behind it are at most {@link #OPEN_TRANSACTION_AGE} old (the brokers
 * abort older transactions: executors use a 30 s transaction timeout), so its frontier is that
 * long ago.
 */
public final class KafkaQueueProgress implements QueueProgressPort {

    /** How old an open transaction's records can be, with room to spare over transaction.timeout.ms. */
    static final Duration OPEN_TRANSACTION_AGE = Duration.ofMinutes(1);
    private static final Duration POLL_FOR = Duration.ofSeconds(2);

    private final Admin admin;
    private final Supplier<Consumer<byte[], byte[]>> consumers;
    private final String executorGroup;
    private final String sinkGroup;
    private final Duration timeout;
    private final Clock clock;

    /**
     * @param consumers makes a {@code read_committed} consumer without a group (it only reads)
     */
    public KafkaQueueProgress(Admin admin, Supplier<Consumer<byte[], byte[]>> consumers, String executorGroup,
            String sinkGroup, Duration timeout, Clock clock) {
        this.admin = admin;
        this.consumers = consumers;
        this.executorGroup = executorGroup;
        this.sinkGroup = sinkGroup;
        this.timeout = timeout;
        this.clock = clock;
    }

    @Override
    public Instant executorsFrontier() {
        return frontier(Topics.SUBMISSIONS, executorGroup);
    }

    @Override
    public Instant resultsFrontier() {
        return frontier(Topics.RESULTS, sinkGroup);
    }

    private Instant frontier(String topic, String group) {
        Instant checked = clock.instant();
        List<TopicPartition> partitions = partitions(topic);
        if (partitions.isEmpty()) {
            return checked;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = get(admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata());
        Map<TopicPartition, Long> earliest = offsets(partitions, OffsetSpec.earliest());
        Map<TopicPartition, Long> latest = offsets(partitions, OffsetSpec.latest());
        Instant frontier = checked;
        try (Consumer<byte[], byte[]> consumer = consumers.get()) {
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata done = committed.get(partition);
                long from = Math.max(earliest.get(partition), done == null ? 0 : done.offset());
                if (from >= latest.get(partition)) {
                    continue;
                }
                Instant next = nextRecordTime(consumer, partition, from, latest.get(partition), checked);
                if (next.isBefore(frontier)) {
                    frontier = next;
                }
            }
        }
        return frontier;
    }

    private Instant nextRecordTime(Consumer<byte[], byte[]> consumer, TopicPartition partition, long from, long end,
            Instant checked) {
        consumer.assign(List.of(partition));
        consumer.seek(partition, from);
        long until = System.nanoTime() + POLL_FOR.toNanos();
        while (System.nanoTime() < until) {
            ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
            if (!records.isEmpty()) {
                return Instant.ofEpochMilli(records.iterator().next().timestamp());
            }
            if (consumer.position(partition) >= end) {
                return checked;
            }
        }
        return clock.instant().minus(OPEN_TRANSACTION_AGE);
    }

    private List<TopicPartition> partitions(String topic) {
        try {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(topic);
            return description.partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return List.of();
            }
            throw new IllegalStateException("cannot describe " + topic + ": " + e.getCause(), e);
        } catch (InterruptedException | TimeoutException e) {
            throw failed("describe " + topic, e);
        }
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
            throw failed("read offsets", e);
        }
    }

    private static IllegalStateException failed(String what, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new IllegalStateException("the reaper could not " + what + ": " + e, e);
    }
}

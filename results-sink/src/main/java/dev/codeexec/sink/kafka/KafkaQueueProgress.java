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

    private final GroupOffsets offsets;
    private final Supplier<Consumer<byte[], byte[]>> consumers;
    private final String executorGroup;
    private final String sinkGroup;
    private final Clock clock;

    /**
     * @param consumers makes a {@code read_committed} consumer without a group (it only reads)
     */
    public KafkaQueueProgress(Admin admin, Supplier<Consumer<byte[], byte[]>> consumers, String executorGroup,
            String sinkGroup, Duration timeout, Clock clock) {
        this.offsets = new GroupOffsets(admin, timeout);
        this.consumers = consumers;
        this.executorGroup = executorGroup;
        this.sinkGroup = sinkGroup;
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
        List<TopicPartition> partitions = offsets.partitions(List.of(topic));
        if (partitions.isEmpty()) {
            return checked;
        }
        Map<TopicPartition, GroupOffsets.Unread> unread = offsets.unread(Map.of(group, partitions)).get(group);
        Instant frontier = checked;
        try (Consumer<byte[], byte[]> consumer = consumers.get()) {
            for (TopicPartition partition : partitions) {
                GroupOffsets.Unread left = unread.get(partition);
                if (left.count() == 0) {
                    continue;
                }
                Instant next = nextRecordTime(consumer, partition, left.from(), left.end(), checked);
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
}

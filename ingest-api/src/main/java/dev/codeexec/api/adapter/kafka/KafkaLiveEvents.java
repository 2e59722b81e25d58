package dev.codeexec.api.adapter.kafka;

import dev.codeexec.api.submission.LiveEvents;
import dev.codeexec.schemas.SubmissionStatus;
import dev.codeexec.schemas.Topics;
import dev.codeexec.schemas.kafka.InvalidRecordException;
import dev.codeexec.schemas.kafka.RecordCodec;
import dev.codeexec.schemas.v1.StatusEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Feeds {@link LiveEvents} from the status and result topics. Every API instance reads every
 * partition from its end ({@code read_committed}, no consumer group, nothing committed): what
 * matters is what happens from now on, and a client that connects reads the current state from
 * PostgreSQL first. Partitions are looked up again every {@link #REFRESH}, so topics created after
 * the API started (the executor and the sink declare them) are picked up.
 */
public final class KafkaLiveEvents implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(KafkaLiveEvents.class);
    static final Duration REFRESH = Duration.ofSeconds(30);

    private final Supplier<Consumer<String, byte[]>> consumers;
    private final LiveEvents events;
    private volatile Consumer<String, byte[]> consumer;
    private volatile Thread thread;
    private volatile boolean running;
    private final Set<String> following = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public KafkaLiveEvents(Supplier<Consumer<String, byte[]>> consumers, LiveEvents events) {
        this.consumers = consumers;
        this.events = events;
    }

    @Override
    public void start() {
        running = true;
        consumer = consumers.get();
        thread = new Thread(this::loop, "api-live-events");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        Set<TopicPartition> assigned = new HashSet<>();
        long nextRefresh = System.nanoTime();
        try {
            while (running) {
                try {
                    if (System.nanoTime() - nextRefresh >= 0) {
                        assignNew(assigned);
                        // until both topics exist (the executor and the sink declare them), look every second
                        Duration next = following.size() < 2 ? Duration.ofSeconds(1) : REFRESH;
                        nextRefresh = System.nanoTime() + next.toNanos();
                    }
                    if (assigned.isEmpty()) {
                        Thread.sleep(1_000);
                        continue;
                    }
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                        dispatch(record);
                    }
                } catch (WakeupException e) {
                    return;
                } catch (KafkaException e) {
                    log.warn("live events: {}; trying again", e.toString());
                    Thread.sleep(1_000);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void assignNew(Set<TopicPartition> assigned) {
        List<TopicPartition> all = new ArrayList<>();
        Map<String, List<PartitionInfo>> topics = consumer.listTopics(Duration.ofSeconds(5));
        for (String topic : List.of(Topics.STATUS, Topics.RESULTS)) {
            for (PartitionInfo p : topics.getOrDefault(topic, List.of())) {
                all.add(new TopicPartition(topic, p.partition()));
            }
        }
        List<TopicPartition> fresh = all.stream().filter(p -> !assigned.contains(p)).toList();
        if (!fresh.isEmpty()) {
            assigned.addAll(fresh);
            consumer.assign(List.copyOf(assigned));
            consumer.seekToEnd(fresh);
            fresh.forEach(consumer::position); // resolve the end now: records from here on are seen
            fresh.forEach(p -> following.add(p.topic()));
        }
    }

    /** Whether records of {@code topic} reach the watchers yet (its partitions are assigned). */
    public boolean follows(String topic) {
        return following.contains(topic);
    }

    private void dispatch(ConsumerRecord<String, byte[]> record) {
        if (Topics.RESULTS.equals(record.topic())) {
            events.completed(record.key());
        }
        if (!events.isWatched(record.key())) {
            return;
        }
        try {
            if (Topics.RESULTS.equals(record.topic())) {
                events.publish(new LiveEvents.Event(record.key(), SubmissionStatus.COMPLETED, true));
            } else {
                StatusEvent status = RecordCodec.STATUS.decode(record.value());
                events.publish(new LiveEvents.Event(record.key(), status.status(), false, status.testCase(),
                        status.testCases()));
            }
        } catch (InvalidRecordException unreadable) {
            // the sink dead-letters it; nothing to tell a watcher
        }
    }

    @Override
    public void stop() {
        running = false;
        Consumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        Thread t = thread;
        if (t != null) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}

package dev.codeexec.sink.kafka;

import dev.codeexec.schemas.Topics;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Parks the webhook retry and dead-letter consumers while their topics hold nothing for them.
 *
 * <p>Those topics are empty nearly always (a retry happens only when a receiver failed), yet each
 * of their twelve consumers (two per topic) sends the broker a fetch up to twice a second, in every
 * sink instance. A consumer whose topics have held nothing unread for
 * {@code parkAfter} is paused: it stays in its group (no rebalance, no join delay when it resumes)
 * and sends no fetches. It resumes
 * <ul>
 *   <li>at once when this process forwards a delivery to a retry topic ({@link #wake()}), and</li>
 *   <li>within {@code check} when a check finds records its group has not committed: forwarded by
 *       another instance, left by a crash, or produced while it was parked.</li>
 * </ul>
 * A check that cannot read the offsets resumes every parked consumer: when in doubt, fetch.
 */
public final class RetryTopicParking implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RetryTopicParking.class);
    private static final String RETRY_PREFIX = Topics.RESULTS + Topics.WEBHOOK_RETRY_SUFFIX + "-";

    private final KafkaListenerEndpointRegistry registry;
    private final GroupOffsets offsets;
    private final Duration parkAfter;
    private final Duration check;
    private final Object lock = new Object();
    /** Listener id to the time (nanoTime) its topics were first seen with nothing unread. */
    private final Map<String, Long> emptySince = new HashMap<>();
    private long wakes;
    /** Whether the last check could not read the offsets (logged once per such stretch). */
    private boolean unreadable;
    private volatile ScheduledExecutorService timer;
    private volatile boolean stopping;

    public RetryTopicParking(KafkaListenerEndpointRegistry registry, Admin admin, Duration parkAfter, Duration check) {
        if (check.isZero() || check.isNegative()) {
            throw new IllegalArgumentException("codeexec.sink.webhooks.park-check must be positive, not " + check);
        }
        this.registry = registry;
        this.offsets = new GroupOffsets(admin, check.compareTo(Duration.ofSeconds(1)) > 0 ? check : Duration.ofSeconds(1));
        this.parkAfter = parkAfter;
        this.check = check;
    }

    /** Whether a container reads a webhook retry topic or the webhook dead-letter topic. */
    public static boolean readsRetryTopics(MessageListenerContainer container) {
        String[] topics = container.getContainerProperties().getTopics();
        return topics != null && Arrays.stream(topics)
                .anyMatch(t -> t.startsWith(RETRY_PREFIX) || t.equals(Topics.WEBHOOKS_DLT));
    }

    List<MessageListenerContainer> containers() {
        return registry.getAllListenerContainers().stream().filter(RetryTopicParking::readsRetryTopics).toList();
    }

    /** Resumes every parked consumer: this process is forwarding a delivery to a retry topic. */
    public void wake() {
        synchronized (lock) {
            wakes++;
            emptySince.clear();
            for (MessageListenerContainer container : containers()) {
                if (container.isPauseRequested()) {
                    container.resume();
                    log.debug("resumed {}: a delivery is being retried", container.getListenerId());
                }
            }
        }
    }

    /** One check: resumes the consumers with records to read, parks those idle for {@code parkAfter}. */
    void check() {
        long generation;
        synchronized (lock) {
            generation = wakes;
        }
        List<MessageListenerContainer> containers = containers();
        Map<String, Long> unread;
        try {
            unread = unread(containers);
            if (unreadable) {
                unreadable = false;
                log.info("the webhook retry topics' offsets can be read again; idle consumers are parked again");
            }
        } catch (RuntimeException e) {
            if (stopping || Thread.currentThread().isInterrupted()) {
                return; // the admin client may be closing
            }
            if (!unreadable) { // once per outage, not every check
                unreadable = true;
                log.warn("cannot read the webhook retry topics' offsets ({}); their consumers keep fetching until it can",
                        e.toString());
            }
            unread = null;
        }
        long now = System.nanoTime();
        synchronized (lock) {
            for (MessageListenerContainer container : containers) {
                String id = container.getListenerId();
                Long count = unread == null ? null : unread.get(id);
                if (count == null || count > 0) {
                    emptySince.remove(id);
                    if (container.isPauseRequested()) {
                        container.resume();
                        log.info("resumed {}: {}", id, count == null ? "its offsets are unknown" : count + " record(s) to read");
                    }
                } else if (!container.isPauseRequested()) {
                    long since = emptySince.computeIfAbsent(id, k -> now);
                    // a wake() during this check may have been for a record the offsets above predate
                    if (now - since >= parkAfter.toNanos() && wakes == generation) {
                        container.pause();
                        log.debug("parked {}: nothing to read for {}", id, parkAfter);
                    }
                }
            }
        }
    }

    /** Records each container's group has not committed yet, summed over its topics' partitions. */
    private Map<String, Long> unread(List<MessageListenerContainer> containers) {
        // without a group a container's count stays unknown: it keeps fetching
        List<MessageListenerContainer> grouped = containers.stream().filter(c -> c.getGroupId() != null).toList();
        Set<String> topics = new HashSet<>();
        grouped.forEach(c -> topics.addAll(List.of(c.getContainerProperties().getTopics())));
        List<TopicPartition> partitions = offsets.partitions(topics);
        Map<String, List<TopicPartition>> byGroup = new HashMap<>();
        for (MessageListenerContainer container : grouped) {
            List<String> own = List.of(container.getContainerProperties().getTopics());
            byGroup.put(container.getGroupId(), partitions.stream().filter(p -> own.contains(p.topic())).toList());
        }
        Map<String, Map<TopicPartition, GroupOffsets.Unread>> unread = offsets.unread(byGroup);
        Map<String, Long> counts = new HashMap<>();
        for (MessageListenerContainer container : grouped) {
            counts.put(container.getListenerId(), unread.get(container.getGroupId()).values().stream()
                    .mapToLong(GroupOffsets.Unread::count).sum());
        }
        return counts;
    }

    /** Starts the checks, unless {@code parkAfter} is zero: then nothing is ever parked. */
    @Override
    public void start() {
        if (parkAfter.isZero() || parkAfter.isNegative()) {
            return;
        }
        stopping = false;
        ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "sink-webhook-parking");
            thread.setDaemon(true);
            return thread;
        });
        started.scheduleWithFixedDelay(() -> {
            try {
                check();
            } catch (RuntimeException e) {
                log.warn("checking the webhook retry topics failed", e);
            }
        }, check.toMillis(), check.toMillis(), TimeUnit.MILLISECONDS);
        timer = started;
    }

    @Override
    public void stop() {
        stopping = true;
        ScheduledExecutorService running = timer;
        timer = null;
        if (running != null) {
            running.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return timer != null;
    }

    /** After the listener containers start, and stopped before they stop. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}

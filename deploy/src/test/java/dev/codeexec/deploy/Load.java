package dev.codeexec.deploy;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One batch of sleepers produced round-robin over every partition (so each executor gets its
 * share), and what became of it: which partition each went to, when the batch started and ended.
 */
final class Load {

    final List<String> ids = new java.util.concurrent.CopyOnWriteArrayList<>();
    final Map<String, Integer> partitionOf = new ConcurrentHashMap<>();
    final long startNanos;

    private Load(long startNanos) {
        this.startNanos = startNanos;
    }

    /** Produces {@code count} sleepers at once. */
    static Load produce(Submitter submitter, int count, int partitions, String label) {
        Load load = new Load(System.nanoTime());
        for (int i = 0; i < count; i++) {
            load.add(submitter, label, i % partitions);
        }
        submitter.flush();
        return load;
    }

    static Load begin() {
        return new Load(System.nanoTime());
    }

    String add(Submitter submitter, String label, int partition) {
        String id = label + "-" + UUID.randomUUID();
        ids.add(id);
        partitionOf.put(id, partition);
        submitter.produce(id, partition);
        return id;
    }

    /** Waits until every submission of this batch has a result. */
    void awaitAll(Results results, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(100))
                .until(() -> results.countOf(ids) == ids.size());
    }

    /**
     * Seconds until every partition that still had work when {@code eventNanos} happened (a kill)
     * delivered its next result: the longest any part of the topic stood still.
     */
    double recoverySeconds(Results results, long eventNanos) {
        Map<Integer, Long> firstAfter = new java.util.HashMap<>();
        for (String id : ids) {
            long arrived = results.of(id).get(0).arrivedNanos();
            if (arrived > eventNanos) {
                firstAfter.merge(partitionOf.get(id), arrived, Math::min);
            }
        }
        return firstAfter.values().stream().mapToLong(t -> t - eventNanos).max().orElse(0) / 1e9;
    }

    /** Milliseconds from the batch's start to each result, sorted (for percentiles). */
    long[] latenciesMs(Results results) {
        return ids.stream().mapToLong(id -> (results.of(id).get(0).arrivedNanos() - startNanos) / 1_000_000)
                .sorted().toArray();
    }

    /** Executions per second from the first record produced to the last result read. */
    double rate(Results results) {
        return ids.size() / ((results.lastArrival(ids) - startNanos) / 1e9);
    }
}

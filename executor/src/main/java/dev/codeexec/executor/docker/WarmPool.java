package dev.codeexec.executor.docker;

import com.github.dockerjava.api.DockerClient;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per image, a number of created, started, attached and never-used boxes, so that container
 * start-up is off the critical path. A box taken from the pool belongs to that one submission and
 * is destroyed after it like any other; a background thread starts its replacement.
 *
 * <p>Warm boxes are created with {@link DockerSandboxSettings#warmSpec()}; a request with other
 * memory or process limits gets them set with {@code docker update}; a request with another work
 * dir size (a tmpfs cannot be resized) starts a cold box.
 */
final class WarmPool implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WarmPool.class);

    private final Map<String, Integer> targets;
    private final BoxContainerConfig.Limits warmLimits;
    private final DockerSandboxSettings settings;
    private final BiFunction<String, BoxContainerConfig.Limits, BoxContainer> starter;
    private final Map<String, ConcurrentLinkedDeque<BoxContainer>> ready = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> starting = new ConcurrentHashMap<>();
    private final Set<String> owned = ConcurrentHashMap.newKeySet();
    private final ExecutorService filler;
    private volatile boolean closed;

    WarmPool(DockerSandboxSettings settings, BiFunction<String, BoxContainerConfig.Limits, BoxContainer> starter) {
        this.settings = settings;
        this.targets = settings.warmPool();
        DockerSandboxSettings.WarmSpec spec = settings.warmSpec();
        this.warmLimits = new BoxContainerConfig.Limits(spec.memoryMb(), spec.processes(), spec.workDirMb());
        this.starter = starter;
        this.filler = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "codeexec-warm-pool");
            t.setDaemon(true);
            return t;
        });
        targets.keySet().forEach(image -> {
            ready.put(image, new ConcurrentLinkedDeque<>());
            starting.put(image, new AtomicInteger());
        });
    }

    void start() {
        targets.keySet().forEach(this::scheduleRefill);
    }

    /** Number of warm boxes ready for an image right now. */
    int ready(String image) {
        ConcurrentLinkedDeque<BoxContainer> boxes = ready.get(image);
        return boxes == null ? 0 : boxes.size();
    }

    boolean owns(String containerId) {
        return owned.contains(containerId);
    }

    /** A warm box with the given limits, or empty when none fits (the caller starts a cold one). */
    Optional<BoxContainer> take(String image, BoxContainerConfig.Limits limits, DockerClient docker) {
        ConcurrentLinkedDeque<BoxContainer> boxes = ready.get(image);
        if (closed || boxes == null || limits.workDirMb() != warmLimits.workDirMb()) {
            return Optional.empty();
        }
        BoxContainer box;
        while ((box = boxes.pollFirst()) != null && box.inbound().ended()) {
            owned.remove(box.id);
            box.remove(); // died while waiting (engine restart?): never hand it out
        }
        scheduleRefill(image);
        if (box == null) {
            return Optional.empty();
        }
        owned.remove(box.id);
        if (!limits.equals(box.limits)) {
            try {
                long memory = BoxContainerConfig.memoryBytes(settings, limits.memoryMb());
                docker.updateContainerCmd(box.id).withMemory(memory).withMemorySwap(memory)
                        .withPidsLimit(limits.processes() + 1).exec();
                box.limits(limits);
            } catch (RuntimeException e) {
                log.debug("could not update warm box {} to {}; starting a cold one", box.id, limits, e);
                box.remove();
                return Optional.empty();
            }
        }
        return Optional.of(box);
    }

    /** Starts as many boxes as the image is short of, counting those already being started. */
    private void scheduleRefill(String image) {
        ConcurrentLinkedDeque<BoxContainer> boxes = ready.get(image);
        AtomicInteger inFlight = starting.get(image);
        int target = targets.getOrDefault(image, 0);
        while (!closed) {
            int n = inFlight.get();
            if (boxes.size() + n >= target) {
                return;
            }
            if (inFlight.compareAndSet(n, n + 1)) {
                try {
                    filler.execute(() -> startOne(image, boxes, inFlight));
                } catch (RejectedExecutionException e) {
                    inFlight.decrementAndGet();
                    return; // closing
                }
            }
        }
    }

    private void startOne(String image, ConcurrentLinkedDeque<BoxContainer> boxes, AtomicInteger inFlight) {
        try {
            if (closed) {
                return;
            }
            BoxContainer box = starter.apply(image, warmLimits);
            owned.add(box.id);
            boxes.addLast(box);
            if (closed) { // lost the race with close(): do not leak it
                drain();
            }
        } catch (RuntimeException e) {
            log.warn("warm pool for {} stays short: {}", image, e.getMessage());
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void drain() {
        for (ConcurrentLinkedDeque<BoxContainer> boxes : ready.values()) {
            BoxContainer box;
            while ((box = boxes.pollFirst()) != null) {
                owned.remove(box.id);
                box.remove();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        filler.shutdown(); // a box being started finishes and is drained below; never interrupt docker-java
        try {
            filler.awaitTermination(settings.startTimeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        drain();
    }
}

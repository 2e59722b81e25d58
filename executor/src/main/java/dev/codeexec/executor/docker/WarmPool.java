package dev.codeexec.executor.docker;

import com.github.dockerjava.api.DockerClient;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Running box containers waiting for a submission, per image and limits: warm ones never used, and
 * ones that served earlier submissions and were given back. Containers are long-lived; isolation
 * between runs comes from boxrun, which gives every step a fresh inner sandbox, and a container is
 * used by one submission at a time. A container is given back only clean (its stage wiped, nothing
 * left outside the step sandboxes) and is removed after {@link DockerSandboxSettings#reuseSteps()}
 * steps or at once on any anomaly (see {@link DockerBox#close()}).
 *
 * <p>Warm boxes: the pool starts with {@link DockerSandboxSettings#warmSpec()} and learns up to
 * {@value #MAX_SHAPES} limit sets per image from requests (typically the compile limits and the run
 * limits). A request whose limits have no ready box gets a box of another shape with memory and
 * processes changed by {@code docker update} (~70 ms), or, when none fits (another work dir size: a
 * tmpfs cannot be resized), a cold box. A warm target counts boxes lent out, so a box that comes
 * back is not replaced twice.
 *
 * <p>A box comes back owing the answer to its wipe, and waits at the end of its queue: the box that
 * has waited longest serves next, so under load a box has finished its wipe, and built its next
 * step's sandbox, while the others ran. Its answer is read before it is handed out; a box that is
 * not clean is removed and the next one is tried.
 */
final class WarmPool implements AutoCloseable {

    static final int MAX_SHAPES = 3;
    private static final Logger log = LoggerFactory.getLogger(WarmPool.class);

    private record Key(String image, BoxContainerConfig.Limits limits) {
    }

    private final Map<String, Integer> targets;
    private final DockerSandboxSettings settings;
    private final java.util.function.BiFunction<String, BoxContainerConfig.Limits, BoxContainer> starter;
    private final java.util.function.Consumer<BoxContainer> remover;
    private final Map<String, List<BoxContainerConfig.Limits>> shapes = new ConcurrentHashMap<>();
    private final Map<Key, ConcurrentLinkedDeque<BoxContainer>> ready = new ConcurrentHashMap<>();
    private final Map<Key, AtomicInteger> starting = new ConcurrentHashMap<>();
    private final Map<Key, AtomicInteger> lent = new ConcurrentHashMap<>();
    private final Map<String, Key> lentAs = new ConcurrentHashMap<>();
    private final Set<String> owned = ConcurrentHashMap.newKeySet();
    private final ExecutorService filler;
    private volatile boolean closed;

    WarmPool(DockerSandboxSettings settings,
             java.util.function.BiFunction<String, BoxContainerConfig.Limits, BoxContainer> starter,
             java.util.function.Consumer<BoxContainer> remover) {
        this.settings = settings;
        this.targets = settings.warmPool();
        this.starter = starter;
        this.remover = remover;
        DockerSandboxSettings.WarmSpec spec = settings.warmSpec();
        BoxContainerConfig.Limits initial = new BoxContainerConfig.Limits(spec.memoryMb(), spec.processes(), spec.workDirMb());
        targets.keySet().forEach(image -> shapes.put(image, new CopyOnWriteArrayList<>(List.of(initial))));
        this.filler = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "codeexec-warm-pool");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts (or tops up) every pool; cheap when they are full. */
    void start() {
        shapes.forEach((image, limits) -> limits.forEach(l -> scheduleRefill(new Key(image, l))));
    }

    /** Number of boxes ready for an image right now, all shapes together. */
    int ready(String image) {
        return ready.entrySet().stream().filter(e -> e.getKey().image().equals(image))
                .mapToInt(e -> e.getValue().size()).sum();
    }

    /** Ids of the boxes waiting in the pool (not those lent to a submission). */
    Set<String> idle() {
        return Set.copyOf(owned);
    }

    boolean owns(String containerId) {
        return owned.contains(containerId);
    }

    /** A ready box with the given limits, or empty when none fits (the caller starts a cold one). */
    Optional<BoxContainer> take(String image, BoxContainerConfig.Limits limits, DockerClient docker) {
        if (closed) {
            return Optional.empty();
        }
        Key key = new Key(image, limits);
        learn(image, limits);
        List<BoxContainerConfig.Limits> known = shapes.get(image);
        Optional<BoxContainer> box = poll(key);
        if (box.isEmpty() && known != null) {
            for (BoxContainerConfig.Limits other : known) {
                if (other.workDirMb() == limits.workDirMb() && !other.equals(limits)) {
                    Key otherKey = new Key(image, other);
                    Optional<BoxContainer> another = poll(otherKey);
                    if (another.isPresent()) {
                        scheduleRefill(otherKey);
                        box = update(another.get(), limits, docker);
                        break;
                    }
                }
            }
        }
        box.ifPresent(b -> lend(b, key));
        scheduleRefill(key);
        return box;
    }

    /**
     * Keeps boxes of these limits warm for a pooled image from now on (from {@link #start()} when
     * called before it), as if a submission had asked for them; at most {@value #MAX_SHAPES} per image.
     */
    void learn(String image, BoxContainerConfig.Limits limits) {
        List<BoxContainerConfig.Limits> known = shapes.get(image);
        if (known != null && !known.contains(limits)) {
            synchronized (known) {
                if (!known.contains(limits) && known.size() < MAX_SHAPES) {
                    known.add(limits);
                }
            }
        }
    }

    private void lend(BoxContainer box, Key key) {
        lent.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        lentAs.put(box.id, key);
    }

    /** Registers a box the caller started itself, so that it can come back to the pool. */
    void lendCold(BoxContainer box) {
        lend(box, new Key(box.image, box.limits));
    }

    /**
     * A box comes back from its submission: kept for the next one when {@code reusable} and there is
     * room, else removed (in the background). Either way it no longer counts as lent.
     */
    void giveBack(BoxContainer box, boolean reusable) {
        Key was = lentAs.remove(box.id);
        if (was != null) {
            lent.get(was).decrementAndGet();
        }
        Key key = new Key(box.image, box.limits);
        ConcurrentLinkedDeque<BoxContainer> boxes = ready.computeIfAbsent(key, k -> new ConcurrentLinkedDeque<>());
        if (reusable && !closed && !box.inbound().ended()
                && boxes.size() < Math.max(settings.idleBoxesPerShape(), targets.getOrDefault(key.image(), 0))) {
            owned.add(box.id);
            boxes.addLast(box); // after those that waited longer: they are done wiping and building ahead
            if (closed) {
                drain();
            }
            return;
        }
        remover.accept(box);
        if (was != null) {
            scheduleRefill(was);
        }
    }

    private Optional<BoxContainer> poll(Key key) {
        ConcurrentLinkedDeque<BoxContainer> boxes = ready.get(key);
        BoxContainer box = null;
        if (boxes != null) {
            while ((box = boxes.pollFirst()) != null && (box.inbound().ended() || !DockerBox.wipedClean(box, settings))) {
                owned.remove(box.id);
                // died while waiting (engine restart?), or not clean after its last submission: never hand it out
                remover.accept(box);
            }
        }
        if (box != null) {
            owned.remove(box.id);
        }
        return Optional.ofNullable(box);
    }

    private Optional<BoxContainer> update(BoxContainer box, BoxContainerConfig.Limits limits, DockerClient docker) {
        try {
            long memory = BoxContainerConfig.memoryBytes(settings, limits.memoryMb());
            docker.updateContainerCmd(box.id).withMemory(memory).withMemorySwap(memory)
                    .withPidsLimit(limits.processes() + BoxContainerConfig.SUPERVISOR_PROCESSES).exec();
            box.limits(limits);
            return Optional.of(box);
        } catch (RuntimeException e) {
            log.debug("could not update warm box {} to {}; starting a cold one", box.id, limits, e);
            box.remove();
            return Optional.empty();
        }
    }

    /** Starts as many boxes as the key is short of, counting those already being started. */
    private void scheduleRefill(Key key) {
        int target = targets.getOrDefault(key.image(), 0);
        ConcurrentLinkedDeque<BoxContainer> boxes = ready.computeIfAbsent(key, k -> new ConcurrentLinkedDeque<>());
        AtomicInteger inFlight = starting.computeIfAbsent(key, k -> new AtomicInteger());
        AtomicInteger out = lent.computeIfAbsent(key, k -> new AtomicInteger());
        while (!closed) {
            int n = inFlight.get();
            if (boxes.size() + n + out.get() >= target) {
                return;
            }
            if (inFlight.compareAndSet(n, n + 1)) {
                try {
                    filler.execute(() -> startOne(key, boxes, inFlight));
                } catch (RejectedExecutionException e) {
                    inFlight.decrementAndGet();
                    return; // closing
                }
            }
        }
    }

    private void startOne(Key key, ConcurrentLinkedDeque<BoxContainer> boxes, AtomicInteger inFlight) {
        try {
            if (closed) {
                return;
            }
            BoxContainer box = starter.apply(key.image(), key.limits());
            owned.add(box.id);
            boxes.addLast(box);
            if (closed) { // lost the race with close(): do not leak it
                drain();
            }
        } catch (RuntimeException e) {
            log.warn("warm pool for {} stays short: {}", key.image(), e.getMessage());
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
            filler.awaitTermination(settings.startTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        drain();
    }
}

package dev.codeexec.executor.docker;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Removes closed boxes. A closed box has already been told to quit (boxrun kills everything in it
 * and exits), so the force-remove, which costs the engine ~80 ms, can run off the submission's
 * critical path. Removal in the background is the default; {@link #awaitIdle} and close wait for it.
 */
final class BoxRemover implements AutoCloseable {

    private final boolean background;
    private final Set<BoxContainer> pending = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads;

    BoxRemover(boolean background) {
        this.background = background;
        this.threads = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "codeexec-box-remover");
            t.setDaemon(true);
            return t;
        });
    }

    void remove(BoxContainer box) {
        if (!background) {
            box.remove();
            return;
        }
        pending.add(box);
        try {
            threads.execute(() -> {
                try {
                    box.remove();
                } finally {
                    pending.remove(box);
                }
            });
        } catch (RejectedExecutionException e) { // closing: remove it here and now
            box.remove();
            pending.remove(box);
        }
    }

    /** Waits until every closed box has been removed; false if that took longer than {@code max}. */
    boolean awaitIdle(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (!pending.isEmpty()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        threads.shutdown();
        try {
            threads.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

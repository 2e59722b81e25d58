package dev.codeexec.storage;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/** Runs tasks at once and waits for all of them, as a batch of object writes does. */
public final class Concurrently {

    private Concurrently() {
    }

    /**
     * Runs every task on {@code executor}, waits until every one has ended, then throws the first
     * failure, if any (the other tasks have still run).
     */
    public static void runAll(List<Runnable> tasks, Executor executor) {
        List<CompletableFuture<Void>> pending = tasks.stream().map(t -> CompletableFuture.runAsync(t, executor)).toList();
        RuntimeException failure = null;
        for (CompletableFuture<Void> task : pending) {
            try {
                task.join();
            } catch (CompletionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException cause ? cause : e;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}

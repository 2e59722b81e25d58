package dev.codeexec.sink.persist;

import dev.codeexec.schemas.v1.ExecutionResult;
import dev.codeexec.schemas.v1.Output;
import dev.codeexec.schemas.v1.RunOutcome;
import dev.codeexec.storage.Durability;
import dev.codeexec.storage.ObjectKeys;
import dev.codeexec.storage.ObjectStorePort;
import dev.codeexec.storage.ObjectStorePort.Write;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * Makes a batch of results durable: outputs to the object store first (deterministic keys, so a
 * rewrite is harmless), then all rows in one transaction. Results already stored are skipped, so
 * a redelivered batch changes nothing. Any exception means nothing may be acknowledged yet.
 * The object writes of a batch go to the store together ({@link ObjectStorePort#putAll}), which
 * runs them as suits it: GCS uploads overlap on {@code writers}; a local store appends each pack's
 * writes at once.
 *
 * <p>An output up to {@code inlineOutputBytes} is also kept in its row, and the row's commit is
 * its durable record, so its object is written as a {@link Durability#REPLICA} (a local store
 * does not fsync it; a crash may lose it and the API then serves the row's bytes). A larger
 * output lives only in its object, which is written {@link Durability#DURABLE} before the rows.
 */
public final class PersistResults {

    private final ResultStorePort rows;
    private final ObjectStorePort objects;
    private final int inlineOutputBytes;
    private final Executor writers;

    public PersistResults(ResultStorePort rows, ObjectStorePort objects, int inlineOutputBytes, Executor writers) {
        this.rows = rows;
        this.objects = objects;
        this.inlineOutputBytes = inlineOutputBytes;
        this.writers = writers;
    }

    /** Persists {@code results}; returns how many were new. */
    public int persist(List<ExecutionResult> results) {
        Map<String, ExecutionResult> byId = new LinkedHashMap<>();
        for (ExecutionResult result : results) {
            byId.putIfAbsent(result.submissionId(), result);
        }
        Set<String> done = rows.withResult(byId.keySet());
        List<StoredResult> fresh = new ArrayList<>();
        List<Write> writes = new ArrayList<>();
        for (ExecutionResult result : byId.values()) {
            if (!done.contains(result.submissionId())) {
                fresh.add(store(result, writes));
            }
        }
        objects.putAll(writes, writers);
        if (!fresh.isEmpty()) {
            rows.saveResults(fresh);
        }
        return fresh.size();
    }

    private StoredResult store(ExecutionResult result, List<Write> writes) {
        List<StoredRun> runs = new ArrayList<>();
        for (RunOutcome run : result.runsOrEmpty()) {
            String id = result.submissionId();
            runs.add(new StoredRun(run,
                    output(ObjectKeys.stdout(id, run.testCase()), run.stdout(), writes),
                    output(ObjectKeys.stderr(id, run.testCase()), run.stderr(), writes)));
        }
        return new StoredResult(result, runs);
    }

    private StoredOutput output(String key, Output output, List<Write> writes) {
        if (output == null) {
            return new StoredOutput(Optional.of(new byte[0]), 0, false, Optional.empty());
        }
        byte[] bytes = output.bytes();
        if (bytes.length == 0) {
            return new StoredOutput(Optional.of(bytes), 0, output.truncated(), Optional.empty());
        }
        boolean inRow = bytes.length <= inlineOutputBytes;
        writes.add(new Write(key, bytes, Output.UTF8.equals(output.encoding()) ? ObjectKeys.TEXT : ObjectKeys.BINARY,
                inRow ? Durability.REPLICA : Durability.DURABLE));
        Optional<byte[]> inline = inRow ? Optional.of(bytes) : Optional.empty();
        return new StoredOutput(inline, bytes.length, output.truncated(), Optional.of(key));
    }
}

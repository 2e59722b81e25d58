package dev.codeexec.sink.persist;

import dev.codeexec.schemas.v1.ExecutionResult;
import dev.codeexec.schemas.v1.Output;
import dev.codeexec.schemas.v1.RunOutcome;
import dev.codeexec.storage.ObjectKeys;
import dev.codeexec.storage.ObjectStorePort;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Makes a batch of results durable: outputs to the object store first (deterministic keys, so a
 * rewrite is harmless), then all rows in one transaction. Results already stored are skipped, so
 * a redelivered batch changes nothing. Any exception means nothing may be acknowledged yet.
 */
public final class PersistResults {

    private final SubmissionStorePort rows;
    private final ObjectStorePort objects;
    private final int inlineOutputBytes;

    public PersistResults(SubmissionStorePort rows, ObjectStorePort objects, int inlineOutputBytes) {
        this.rows = rows;
        this.objects = objects;
        this.inlineOutputBytes = inlineOutputBytes;
    }

    /** Persists {@code results}; returns how many were new. */
    public int persist(List<ExecutionResult> results) {
        Map<String, ExecutionResult> byId = new LinkedHashMap<>();
        for (ExecutionResult result : results) {
            byId.putIfAbsent(result.submissionId(), result);
        }
        Set<String> done = rows.withResult(byId.keySet());
        List<StoredResult> fresh = new ArrayList<>();
        for (ExecutionResult result : byId.values()) {
            if (!done.contains(result.submissionId())) {
                fresh.add(store(result));
            }
        }
        if (!fresh.isEmpty()) {
            rows.saveResults(fresh);
        }
        return fresh.size();
    }

    private StoredResult store(ExecutionResult result) {
        List<StoredRun> runs = new ArrayList<>();
        for (RunOutcome run : result.runsOrEmpty()) {
            String id = result.submissionId();
            runs.add(new StoredRun(run,
                    output(ObjectKeys.stdout(id, run.testCase()), run.stdout()),
                    output(ObjectKeys.stderr(id, run.testCase()), run.stderr())));
        }
        return new StoredResult(result, runs);
    }

    private StoredOutput output(String key, Output output) {
        if (output == null) {
            return new StoredOutput(Optional.of(new byte[0]), 0, false, Optional.empty());
        }
        byte[] bytes = output.bytes();
        if (bytes.length == 0) {
            return new StoredOutput(Optional.of(bytes), 0, output.truncated(), Optional.empty());
        }
        objects.put(key, bytes, Output.UTF8.equals(output.encoding()) ? ObjectKeys.TEXT : ObjectKeys.BINARY);
        Optional<byte[]> inline = bytes.length <= inlineOutputBytes ? Optional.of(bytes) : Optional.empty();
        return new StoredOutput(inline, bytes.length, output.truncated(), Optional.of(key));
    }
}

package dev.codeexec.sink.persist;

import dev.codeexec.schemas.v1.ExecutionResult;
import java.util.List;

/** A result ready for the database: the record itself and its runs with their output placement. */
public record StoredResult(ExecutionResult result, List<StoredRun> runs) {
}

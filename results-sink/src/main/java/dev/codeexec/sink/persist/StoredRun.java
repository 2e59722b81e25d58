package dev.codeexec.sink.persist;

import dev.codeexec.schemas.v1.RunOutcome;

/** A run as the row keeps it: its outcome and where its outputs are. */
public record StoredRun(RunOutcome run, StoredOutput stdout, StoredOutput stderr) {
}

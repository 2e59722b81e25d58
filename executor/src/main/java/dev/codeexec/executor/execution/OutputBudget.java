package dev.codeexec.executor.execution;

import dev.codeexec.schemas.v1.Output;
import java.util.Arrays;

/**
 * Bounds the bytes of output one result carries, so a result always fits in a Kafka record
 * whatever the number of test cases: outputs are taken in order (compile output, then each run's
 * stdout and stderr) and cut, flagged truncated, once the budget is spent. The judging has
 * already seen the whole output; only what is reported is cut. Not thread-safe: one per result.
 */
final class OutputBudget {

    private long remaining;

    OutputBudget(long bytes) {
        this.remaining = bytes;
    }

    Output take(byte[] bytes, boolean truncated) {
        if (bytes.length <= remaining) {
            remaining -= bytes.length;
            return Output.of(bytes, truncated);
        }
        int cut = (int) remaining;
        // never split a UTF-8 sequence: step back over continuation bytes
        while (cut > 0 && cut < bytes.length && (bytes[cut] & 0xC0) == 0x80) {
            cut--;
        }
        remaining -= cut;
        return Output.of(Arrays.copyOf(bytes, cut), true);
    }
}

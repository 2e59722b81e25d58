package dev.codeexec.executor.execution;

import dev.codeexec.schemas.v1.Output;
import java.util.Arrays;

/**
 * Bounds what the outputs of one result cost in its Kafka record, counted in encoded bytes (the
 * JSON form of {@link Output#data()}, escapes and base64 included, not the raw bytes), so a result
 * always fits its topic whatever its outputs hold and however many test cases it has: outputs are
 * taken in order (compile output, then each run's stdout and stderr) and cut, flagged truncated,
 * once the budget is spent. The judging has already seen the whole output; only what is reported
 * is cut. Not thread-safe: one per result.
 */
final class OutputBudget {

    private long remaining;

    OutputBudget(long encodedBytes) {
        this.remaining = encodedBytes;
    }

    Output take(byte[] bytes, boolean truncated) {
        Output whole = Output.of(bytes, truncated);
        if (whole.encodedBytes() <= remaining) {
            remaining -= whole.encodedBytes();
            return whole;
        }
        // As much as plain text would take; else as much as base64 would; else a length whose worst
        // case (Output.maxEncodedBytes) fits.
        long[] lengths = {remaining, remaining / 4 * 3, (remaining - 4) / 2};
        Output part = Output.of(new byte[0], true);
        for (long length : lengths) {
            Output candidate = cut(bytes, (int) Math.max(0, Math.min(length, bytes.length)));
            if (candidate.encodedBytes() <= remaining) {
                part = candidate;
                break;
            }
        }
        remaining -= part.encodedBytes();
        return part;
    }

    private static Output cut(byte[] bytes, int cut) {
        // never split a UTF-8 sequence: step back over continuation bytes
        while (cut > 0 && cut < bytes.length && (bytes[cut] & 0xC0) == 0x80) {
            cut--;
        }
        return Output.of(Arrays.copyOf(bytes, cut), true);
    }
}

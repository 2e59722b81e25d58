package dev.codeexec.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The table {@code ./codeexec bench scale} prints: executions/s with 1, 2 and 3 executors against
 * the 1-executor baseline of the same run, latency percentiles, and the recovery after each kill.
 * Also written to {@code deploy/target/scale-table.md}.
 */
final class ScaleReport {

    private final List<String> scaleRows = new ArrayList<>();
    private final List<String> recoveryRows = new ArrayList<>();
    private double baseline;

    void scale(int executors, int submissions, double rate, long[] latenciesMs) {
        if (executors == 1) {
            baseline = rate;
        }
        scaleRows.add(String.format("| %d | %d | %.2f | %.2fx | %d | %d |", executors, submissions, rate, rate / baseline,
                percentile(latenciesMs, 50), percentile(latenciesMs, 99)));
    }

    void recovery(String event, double seconds) {
        recoveryRows.add(String.format("| %s | %.1f |", event, seconds));
    }

    void print() {
        List<String> lines = new ArrayList<>();
        lines.add("| executors (1 slot each, 12 partitions) | submissions (bash, sleep 300 ms) | executions/s"
                + " | vs 1 executor | p50 ms (batch start to result) | p99 ms |");
        lines.add("| --- | --- | --- | --- | --- | --- |");
        lines.addAll(scaleRows);
        lines.add("");
        lines.add("| mid-load fault (60 submissions, nothing lost or duplicated) | recovery s (longest any partition"
                + " waited for its next result) |");
        lines.add("| --- | --- |");
        lines.addAll(recoveryRows);
        String table = String.join("\n", lines) + "\n";
        System.out.println(table);
        try {
            Files.writeString(Path.of("target", "scale-table.md"), table);
        } catch (IOException e) {
            System.err.println("could not write target/scale-table.md: " + e);
        }
    }

    static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}

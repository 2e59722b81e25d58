package dev.codeexec.sink.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code ./codeexec bench sink} working: runs the benchmark on a few results (local
 * storage and objects dropped, one round) and checks it measured every setup and printed its tables. It asserts
 * nothing about speed; the figures come from the command itself.
 */
class SinkBenchmarkSmokeTest {

    @Test
    void theSinkBenchmarkRunsEverySetupAndPrintsItsTables() throws Exception {
        SinkBenchmark.Settings settings = SinkBenchmark.Settings.parse("200", "0", "--rounds=1", "--without-objects",
                "--codeexec.sink.concurrency=1");
        assertThat(settings.sinkProperties()).containsExactly("codeexec.sink.concurrency=1");
        assertThat(settings.withoutObjects()).isTrue();

        List<SinkBenchmark.Row> rows = SinkBenchmark.run(settings);

        assertThat(rows).extracting(SinkBenchmark.Row::setup)
                .containsExactly("baseline: plain batched JDBC inserts", "sink: PostgreSQL + local storage",
                        SinkBenchmark.DISCARDED);
        for (SinkBenchmark.Row row : rows) {
            assertThat(row.rounds()).singleElement().satisfies(round -> {
                assertThat(round.results()).isEqualTo(200);
                assertThat(round.seconds()).isPositive();
                assertThat(round.cpu().jvmSeconds()).isNotNegative();
            });
        }
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        SinkBenchmark.print(rows, settings.rounds(), new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("median results/s", "vs baseline", "Where the JVM's CPU went")
                .containsPattern("sink: PostgreSQL \\+ local storage\\s+\\|\\s+200 \\|");
    }
}

package dev.codeexec.launcher.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class TableTest {

    @Test
    void aRowNamesTheInvariantsThatBrokeAndTheTableListsWhy() {
        Row row = new Row(Fault.KILL_SINK, Optional.empty(), 30, 27, 1, 3, 0, 0, Optional.empty(), Optional.empty(), 0,
                Optional.empty(), List.of("I1: 3 of 30 accepted without a terminal result", "I2: 1 id(s) with two records",
                        "I1: again"))
                .withBoxesLeft(2);

        String table = Table.render(List.of(row, Row.skipped(Fault.RESTART_DOCKERD, "skipped: shared engine")));

        assertThat(row.status()).isEqualTo("FAILED I1 I2 I4");
        assertThat(table).contains("| kill-sink | 30 | 27 | 1 | 3 | 0 (0) | never / never | 0 | 2 | FAILED I1 I2 I4 |")
                .contains("| restart-dockerd | | | | | | | | | skipped: shared engine |")
                .contains("- kill-sink: I4: 2 box(es) of this stack left after a clean stop");
    }

    @Test
    void aProbeIdLandsOnThePartitionKafkasDefaultPartitionerChooses() {
        for (int partition = 0; partition < 6; partition++) {
            String id = Driver.idOnPartition("probe", partition, 6);
            assertThat(BuiltInPartitioner.partitionForKey(id.getBytes(StandardCharsets.UTF_8), 6)).isEqualTo(partition);
        }
    }
}

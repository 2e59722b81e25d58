package dev.codeexec.launcher.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeexec.launcher.ProcessStack;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CI subset of {@code ./codeexec chaos}: rows of the fault table on one stack of separate
 * processes (broker, PostgreSQL, sink, two executors, API; real Docker boxes), each asserting every
 * invariant. {@code ./codeexec chaos} runs every row of the table, each on a fresh stack.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChaosSuiteTest {

    @TempDir
    static Path dataDir;

    private ProcessStack stack;
    private ChaosRun chaos;
    private int rows;

    @BeforeAll
    void startStack() {
        dev.codeexec.launcher.RunnerImages.requirePresent("cpp", "python");
        stack = new ProcessStack(dataDir, 4, line -> System.out.println("[chaos] " + line)).start();
        chaos = new ChaosRun(stack, new Faults(stack, line -> System.out.println("[chaos] " + line), false),
                line -> System.out.println("[chaos] " + line), false, 1);
    }

    @AfterAll
    void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    private void assertHeld(Fault fault) {
        Row row = chaos.run(fault, ++rows);
        System.out.println(Table.render(java.util.List.of(row)));
        if (!row.violations().isEmpty()) {
            printErrorsOfEveryProcess();
        }
        assertThat(row.violations()).as(fault.label()).isEmpty();
        assertThat(row.accepted()).isPositive();
        assertThat(row.completed()).isEqualTo(row.accepted());
    }

    /** CI keeps only this test's output: the services' WARN and ERROR lines say why an invariant broke. */
    private static void printErrorsOfEveryProcess() {
        try (java.util.stream.Stream<Path> logs = java.nio.file.Files.list(dataDir.resolve("logs"))) {
            for (Path log : logs.sorted().toList()) {
                java.util.List<String> lines = java.nio.file.Files.readAllLines(log).stream()
                        .filter(l -> l.contains("ERROR") || l.contains("WARN")).toList();
                System.out.println("[chaos] " + log.getFileName() + ": " + lines.size() + " WARN/ERROR lines, the last 30:");
                lines.subList(Math.max(0, lines.size() - 30), lines.size())
                        .forEach(l -> System.out.println("[chaos]   " + (l.length() > 400 ? l.substring(0, 400) + "..." : l)));
            }
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            System.out.println("[chaos] could not read the services' logs: " + e);
        }
    }

    @Test
    @Order(1)
    void poisonRecordsAreDeadLetteredWithTheirReasonAndHoldUpNothing() {
        assertHeld(Fault.POISON_RECORDS);
    }

    @Test
    @Order(2)
    void killMinus9OfAnExecutorLosesAndDuplicatesNothing() {
        assertHeld(Fault.KILL_EXECUTOR);
    }

    @Test
    @Order(4)
    void hostileSubmissionsEachReachOneTerminalResult() {
        assertHeld(Fault.HOSTILE_SUBMISSIONS);
    }

    @Test
    @Order(5)
    void anUnreadableRecordOverOneMegabyteIsDeadLetteredCutAndStallsNothing() {
        assertHeld(Fault.POISON_OVERSIZED);
    }

    @Test
    @Order(3)
    void killMinus9OfPostgresLosesNoResult() {
        assertHeld(Fault.KILL_POSTGRES);
    }

    @Test
    @Order(99)
    void noBoxIsLeftAfterAStop() {
        stack.stopServices();
        assertThat(stack.boxCount()).isZero();
    }
}

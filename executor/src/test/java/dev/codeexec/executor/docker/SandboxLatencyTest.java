package dev.codeexec.executor.docker;

import static dev.codeexec.executor.docker.SandboxTestSupport.C;
import static dev.codeexec.executor.docker.SandboxTestSupport.describe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.codeexec.executor.sandbox.Box;
import dev.codeexec.executor.sandbox.BoxFile;
import dev.codeexec.executor.sandbox.BoxSpec;
import dev.codeexec.executor.sandbox.StepOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Per-run overhead of a trivial C program through the sandbox (open + put binary + run + close),
 * cold versus warm pool, against the same binary run directly on the host. Prints a table.
 * Run alone: {@code mvn -o -pl executor test -Dtest=SandboxLatencyTest}.
 */
class SandboxLatencyTest {

    private static final int RUNS = 15;

    @Test
    void coldAndWarmOverhead() throws Exception {
        DockerSandboxSettings settings = SandboxTestSupport.settings()
                .withWarmPool(Map.of(C, 3), new DockerSandboxSettings.WarmSpec(128, 32, 32));
        BoxSpec spec = new BoxSpec(C, 128, 32, 32);
        try (DockerSandbox cold = new DockerSandbox(SandboxTestSupport.settings());
             DockerSandbox warm = new DockerSandbox(settings)) {
            SandboxTestSupport.requireImages(cold, C);
            BoxFile binary;
            try (Box box = cold.open(spec)) {
                SandboxTestSupport.compileC(box, "int main(void){return 0;}");
                binary = box.run(SandboxTestSupport.compile(List.of("true"))).artifacts().get(0);
            }
            List<Long> host = new ArrayList<>();
            Path exe = Files.createTempFile("codeexec-trivial", "");
            Files.write(exe, binary.content());
            Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwx------"));
            for (int i = 0; i < RUNS; i++) {
                long t = System.nanoTime();
                Process p = new ProcessBuilder(exe.toString()).start();
                assertThat(p.waitFor(5, TimeUnit.SECONDS)).isTrue();
                host.add(System.nanoTime() - t);
            }
            Files.delete(exe);

            List<Long> coldTimes = time(cold, spec, binary, () -> { });
            warm.startWarmPool();
            List<Long> warmTimes = time(warm, spec, binary,
                    () -> await().atMost(Duration.ofSeconds(20)).until(() -> warm.warmBoxesReady(C) == 3));

            System.out.printf("%nsandbox overhead, trivial C program, %d runs each (ms)%n", RUNS);
            System.out.printf("%-28s %8s %8s %8s%n", "mode", "p50", "p99", "x host");
            double hostP50 = pct(host, 50);
            for (var row : List.of(Map.entry("host (baseline)", host), Map.entry("cold box", coldTimes),
                    Map.entry("warm pool box", warmTimes))) {
                System.out.printf("%-28s %8.1f %8.1f %8.1f%n", row.getKey(), pct(row.getValue(), 50),
                        pct(row.getValue(), 99), pct(row.getValue(), 50) / hostP50);
            }
            assertThat(pct(warmTimes, 50)).as("warm beats cold").isLessThan(pct(coldTimes, 50));
            assertThat(pct(coldTimes, 50)).as("cold p50 ms").isLessThan(1000);
        }
    }

    private static List<Long> time(DockerSandbox sandbox, BoxSpec spec, BoxFile binary, Runnable beforeEach) {
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            beforeEach.run(); // a warm pool refills between runs, as it would between submissions
            long t = System.nanoTime();
            try (Box box = sandbox.open(spec)) {
                box.putFiles(List.of(binary));
                StepOutcome run = box.run(SandboxTestSupport.step(List.of("build/main"), ""));
                assertThat(run.exitCode()).as(describe(run)).contains(0);
            }
            times.add(System.nanoTime() - t);
        }
        return times;
    }

    private static double pct(List<Long> nanos, int p) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        int index = Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1);
        return sorted.get(Math.max(0, index)) / 1e6;
    }
}

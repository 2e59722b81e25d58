package dev.codeexec.executor.docker;

import static dev.codeexec.executor.docker.SandboxTestSupport.C;
import static dev.codeexec.executor.docker.SandboxTestSupport.PYTHON;
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
 * Per-run overhead through the sandbox (open + put program + run + close) of a trivial C program
 * and a Python hello world, cold box versus warm pool, against the same program run directly on
 * the host (the baseline, measured in the same run). Prints a table.
 * Not part of the test suite (its name is no *Test): run it with {@code executor/bench.sh}, which prints
 * the table from {@code target/surefire-reports/dev.codeexec.executor.docker.SandboxLatencyBenchmark-output.txt}.
 */
class SandboxLatencyBenchmark {

    private static final int RUNS = 15;

    /** A program as the box gets it, and the same program on the host. */
    private record Program(String name, String image, BoxFile file, List<String> boxArgv, List<String> hostArgv) {
    }

    @Test
    void coldAndWarmOverhead() throws Exception {
        BoxSpec cSpec = new BoxSpec(C, 128, 32, 32);
        DockerSandboxSettings warmSettings = SandboxTestSupport.settings()
                .withWarmPool(Map.of(C, 3, PYTHON, 3), new DockerSandboxSettings.WarmSpec(128, 32, 32));
        // cold: a new container for every box, none kept for the next (else the "cold" row timed reused boxes)
        try (DockerSandbox cold = new DockerSandbox(SandboxTestSupport.settings().withReuse(1, 0));
             DockerSandbox warm = new DockerSandbox(warmSettings)) {
            SandboxTestSupport.requireImages(cold, C, PYTHON);
            BoxFile binary;
            try (Box box = cold.open(cSpec)) {
                SandboxTestSupport.compileC(box, "int main(void){return 0;}");
                binary = box.run(SandboxTestSupport.compile(List.of("true"))).artifacts().get(0);
            }
            Path dir = Files.createTempDirectory("codeexec-latency");
            Path exe = dir.resolve("main");
            Files.write(exe, binary.content());
            Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwx------"));
            Path py = dir.resolve("main.py");
            Files.writeString(py, "print('hello world')\n");
            // Debian's interpreter, as in the box (a version-manager shim on PATH would inflate the baseline)
            String hostPython = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
            List<Program> programs = List.of(
                    new Program("trivial C", C, binary, List.of("build/main"), List.of(exe.toString())),
                    new Program("Python hello world", PYTHON, SandboxTestSupport.source("main.py", "print('hello world')\n"),
                            List.of("python3", "-B", "main.py"), List.of(hostPython, "-B", py.toString())));

            warm.startWarmPool();
            StringBuilder table = new StringBuilder(String.format(
                    "sandbox overhead per run: open + put + run + close, %d runs each (ms)%n", RUNS));
            table.append(String.format("%-20s %-16s %8s %8s %10s %10s%n", "program", "mode", "p50", "p99", "x host",
                    "overhead"));
            for (Program p : programs) {
                List<Long> host = new ArrayList<>();
                for (int i = 0; i < RUNS; i++) {
                    long t = System.nanoTime();
                    Process process = new ProcessBuilder(p.hostArgv()).start();
                    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
                    host.add(System.nanoTime() - t);
                }
                BoxSpec spec = new BoxSpec(p.image(), 128, 32, 32);
                List<Long> coldTimes = time(cold, spec, p, () -> { });
                List<Long> warmTimes = time(warm, spec, p,
                        () -> await().atMost(Duration.ofSeconds(20)).until(() -> warm.warmBoxesReady(p.image()) == 3));
                double base = pct(host, 50);
                for (var row : List.of(Map.entry("host (baseline)", host), Map.entry("cold box", coldTimes),
                        Map.entry("warm pool box", warmTimes))) {
                    double p50 = pct(row.getValue(), 50);
                    table.append(String.format("%-20s %-16s %8.1f %8.1f %10.1f %10.1f%n", p.name(), row.getKey(), p50,
                            pct(row.getValue(), 99), p50 / base, p50 - base));
                }
                assertThat(pct(warmTimes, 50)).as("warm beats cold").isLessThan(pct(coldTimes, 50));
                assertThat(pct(coldTimes, 50)).as("cold p50 ms").isLessThan(1000);
            }
            System.out.print(table);
            Files.writeString(Path.of("target", "sandbox-overhead.txt"), table); // executor/bench.sh prints it
            Files.delete(exe);
            Files.delete(py);
            Files.delete(dir);
        }
    }

    private static List<Long> time(DockerSandbox sandbox, BoxSpec spec, Program p, Runnable beforeEach) {
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            beforeEach.run(); // a warm pool refills between runs, as it does between submissions
            long t = System.nanoTime();
            try (Box box = sandbox.open(spec)) {
                box.putFiles(List.of(p.file()));
                StepOutcome run = box.run(SandboxTestSupport.step(p.boxArgv(), ""));
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

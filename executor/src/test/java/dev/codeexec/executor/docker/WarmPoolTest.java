package dev.codeexec.executor.docker;

import static dev.codeexec.executor.docker.SandboxTestSupport.C;
import static dev.codeexec.executor.docker.SandboxTestSupport.describe;
import static dev.codeexec.executor.docker.SandboxTestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import dev.codeexec.executor.sandbox.Box;
import dev.codeexec.executor.sandbox.BoxSpec;
import dev.codeexec.executor.sandbox.StepOutcome;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pool: warm boxes started ahead, and boxes given back clean after a submission for the next one. */
class WarmPoolTest {

    private DockerSandboxSettings settings;
    private DockerSandbox sandbox;
    private DockerClient docker;

    @BeforeEach
    void pool() {
        settings = SandboxTestSupport.settings()
                .withWarmPool(Map.of(C, 2), new DockerSandboxSettings.WarmSpec(128, 32, 32));
        sandbox = new DockerSandbox(settings);
        docker = DockerClients.create(settings);
        SandboxTestSupport.requireImages(sandbox, C);
        sandbox.startWarmPool();
        await().atMost(Duration.ofSeconds(20)).until(() -> sandbox.warmBoxesReady(C) == 2);
    }

    @AfterEach
    void closeRemovesEverything() throws Exception {
        sandbox.close();
        assertThat(SandboxTestSupport.labelledBoxes(docker, settings)).as("boxes left after close").isEmpty();
        docker.close();
    }

    @Test
    void aWarmBoxServesOneSubmissionAtATimeAndComesBackClean() {
        Set<String> warm = new HashSet<>(SandboxTestSupport.labelledBoxes(docker, settings));
        assertThat(warm).hasSize(2);
        String used;
        try (Box box = sandbox.open(new BoxSpec(C, 128, 32, 32))) {
            used = ((DockerBox) box).containerId();
            assertThat(warm).as("the box came from the pool").contains(used);
            box.putFiles(List.of(SandboxTestSupport.source("mine.txt", "first submission")));
            StepOutcome run = box.run(SandboxTestSupport.step(List.of("sh", "-c", "echo warm; ls -A /box | wc -l"), ""));
            assertThat(text(run.stdout())).as(describe(run)).isEqualTo("warm\n1\n");
        }
        assertThat(sandbox.warmBoxesReady(C)).as("given back, not replaced").isEqualTo(2);
        assertThat(sandbox.awaitRemovals(Duration.ofSeconds(10))).isTrue();
        assertThat(SandboxTestSupport.labelledBoxes(docker, settings)).containsExactlyInAnyOrderElementsOf(warm);
        try (Box box = sandbox.open(new BoxSpec(C, 128, 32, 32))) {
            assertThat(((DockerBox) box).containerId()).as("the box that waited longest first").isNotEqualTo(used)
                    .isIn(warm);
        }
        try (Box box = sandbox.open(new BoxSpec(C, 128, 32, 32))) {
            assertThat(((DockerBox) box).containerId()).as("then the one given back before it").isEqualTo(used);
            StepOutcome run = box.run(SandboxTestSupport.step(List.of("sh", "-c", "ls -A /box | wc -l"), ""));
            assertThat(text(run.stdout())).as("the last submission's files are gone: " + describe(run)).isEqualTo("0\n");
        }
    }

    @Test
    void otherMemoryAndProcessLimitsAreAppliedToAWarmBox() {
        try (Box box = sandbox.open(new BoxSpec(C, 64, 10, 32))) {
            String id = ((DockerBox) box).containerId();
            var host = docker.inspectContainerCmd(id).exec().getHostConfig();
            long memory = (64 + settings.supervisorMemoryMb()) * 1024 * 1024;
            assertThat(host.getMemory()).isEqualTo(memory);
            assertThat(host.getMemorySwap()).isEqualTo(memory);
            assertThat(host.getPidsLimit()).isEqualTo(12L);
            SandboxTestSupport.compileC(box, """
                    #include <stdio.h>
                    #include <unistd.h>
                    int main(void) { int n = 0; while (n < 100) { pid_t p = fork(); if (p < 0) break;
                      if (p == 0) { pause(); _exit(0); } n++; } printf("%d\\n", n); return 0; }
                    """);
            StepOutcome bomb = box.run(SandboxTestSupport.step(List.of("build/main"), ""));
            // 12 pids: boxrun, the step sandbox's init, the program and at most 9 children (one
            // fewer while a pid of the compile step is still being torn down, as seen under load);
            // without the limit all 100 forks succeed
            assertThat(Integer.parseInt(text(bomb.stdout()).strip())).as(describe(bomb)).isBetween(8, 9);
        }
        // the pool learnt the new shape: it keeps boxes with exactly these limits warm from now on
        await().atMost(Duration.ofSeconds(20)).until(() -> sandbox.warmBoxesReady(C) == 4);
        Set<String> warm = new HashSet<>(SandboxTestSupport.labelledBoxes(docker, settings));
        try (Box box = sandbox.open(new BoxSpec(C, 64, 10, 32))) {
            assertThat(warm).contains(((DockerBox) box).containerId());
        }
    }

    /** The executor expects the compile limits of compiled languages, so a first compile takes a warm box too. */
    @Test
    void aShapeExpectedAheadIsWarmBeforeAnySubmissionAsksForIt() {
        sandbox.expect(new BoxSpec(C, 512, 32, 32));
        sandbox.startWarmPool();

        await().atMost(Duration.ofSeconds(20)).until(() -> sandbox.warmBoxesReady(C) == 4);
        long memory = (512 + settings.supervisorMemoryMb()) * 1024 * 1024;
        Set<String> expected = new HashSet<>();
        for (String id : SandboxTestSupport.labelledBoxes(docker, settings)) {
            if (docker.inspectContainerCmd(id).exec().getHostConfig().getMemory() == memory) {
                expected.add(id);
            }
        }
        assertThat(expected).as("boxes started with the expected limits, before any request").hasSize(2);
        try (Box box = sandbox.open(new BoxSpec(C, 512, 32, 32))) {
            assertThat(expected).contains(((DockerBox) box).containerId());
        }
    }

    @Test
    void concurrentSubmissionsNeverShareABox() throws Exception {
        int threads = 4;
        int perThread = 4;
        Set<String> used = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Set<String> inUse = java.util.concurrent.ConcurrentHashMap.newKeySet();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<?>> runs = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                runs.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        try (Box box = sandbox.open(new BoxSpec(C, 128, 32, 32))) {
                            String id = ((DockerBox) box).containerId();
                            assertThat(inUse.add(id)).as("a box serves one submission at a time").isTrue();
                            used.add(id);
                            String mark = "t" + thread + "i" + i;
                            box.putFiles(List.of(SandboxTestSupport.source("mark", mark)));
                            StepOutcome run = box.run(SandboxTestSupport.step(List.of("sh", "-c", "cat mark; ls -A | wc -l"), ""));
                            assertThat(text(run.stdout())).as(describe(run)).isEqualTo(mark + "1\n");
                            inUse.remove(id);
                        }
                    }
                    return null;
                }));
            }
            for (var run : runs) {
                run.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdown();
        }
        assertThat(used).as("containers are reused, at most one per concurrent submission")
                .hasSizeLessThanOrEqualTo(threads + 2);
    }

    @Test
    void anotherWorkDirSizeGetsAColdBox() {
        Set<String> warm = new HashSet<>(SandboxTestSupport.labelledBoxes(docker, settings));
        try (Box box = sandbox.open(new BoxSpec(C, 128, 32, 8))) {
            assertThat(warm).doesNotContain(((DockerBox) box).containerId());
        }
    }
}

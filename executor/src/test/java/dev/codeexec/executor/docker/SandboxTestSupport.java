package dev.codeexec.executor.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import dev.codeexec.executor.sandbox.Box;
import dev.codeexec.executor.sandbox.BoxFile;
import dev.codeexec.executor.sandbox.Step;
import dev.codeexec.executor.sandbox.StepOutcome;
import dev.codeexec.executor.sandbox.Termination;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Shared helpers of the Docker sandbox tests (real engine, real runner images). */
final class SandboxTestSupport {

    static final String C = "codeexec-runner-c:2";
    static final String CPP = "codeexec-runner-cpp:2";
    static final String PYTHON = "codeexec-runner-python:2";

    private SandboxTestSupport() {
    }

    /** Settings for a test run: its own executor id, so parallel runs never remove each other's boxes. */
    static DockerSandboxSettings settings() {
        return DockerSandboxSettings.defaults().withExecutorId("test-" + UUID.randomUUID().toString().substring(0, 8));
    }

    static void requireImages(DockerSandbox sandbox, String... images) {
        assertTrue(sandbox.available(), "no Docker engine answers at " + sandbox.settings().dockerHost()
                + " (start dockerd: ./codeexec images does, run as root)");
        for (String image : images) {
            assertTrue(sandbox.hasImage(image), "runner image " + image + " is missing: run runners/build.sh");
        }
    }

    /**
     * A sandbox and a Docker client of their own executor id, shared by the tests of one class:
     * {@link #start} in {@code @BeforeAll}, {@link #close} in {@code @AfterAll}.
     */
    record Engine(DockerSandboxSettings settings, DockerSandbox sandbox, DockerClient docker) implements AutoCloseable {

        /** Fails the test class when the engine does not answer or an image is missing. */
        static Engine start(String... images) {
            DockerSandboxSettings settings = SandboxTestSupport.settings();
            DockerSandbox sandbox = new DockerSandbox(settings);
            Engine engine = new Engine(settings, sandbox, DockerClients.create(settings));
            requireImages(sandbox, images);
            return engine;
        }

        /**
         * After a test: closed boxes are removed or waiting clean in the pool for the next submission,
         * no other box of this executor id is left, the engine serves.
         */
        void assertNoBoxLeft() {
            assertThat(sandbox.awaitRemovals(Duration.ofSeconds(10))).as("closed boxes removed").isTrue();
            List<String> left = new ArrayList<>(labelledBoxes(docker, settings));
            left.removeAll(sandbox.idleBoxes());
            assertThat(left).as("boxes left behind (besides the pool's idle ones)").isEmpty();
            assertThat(sandbox.available()).isTrue();
        }

        @Override
        public void close() throws IOException {
            sandbox.close();
            docker.close();
        }
    }

    static List<String> labelledBoxes(DockerClient docker, DockerSandboxSettings settings) {
        List<String> ids = new ArrayList<>();
        docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(DockerSandboxSettings.EXECUTOR_LABEL, settings.executorId()))
                .exec().forEach(c -> ids.add(c.getId()));
        return ids;
    }

    static Step step(List<String> argv, String stdin) {
        return new Step(argv, stdin.getBytes(StandardCharsets.UTF_8), 5_000, 10_000, 1 << 20, 16 << 20, Optional.empty());
    }

    static Step compile(List<String> argv) {
        return new Step(argv, new byte[0], 20_000, 30_000, 1 << 20, 64 << 20, Optional.of("build"));
    }

    static BoxFile source(String name, String text) {
        return new BoxFile(name, text.getBytes(StandardCharsets.UTF_8), false);
    }

    /** Compiles a C program to build/main inside the box; fails the test on a compile error. */
    static void compileC(Box box, String source, String... extraFlags) {
        box.putFiles(List.of(source("main.c", source)));
        List<String> argv = new ArrayList<>(List.of("gcc", "-std=gnu17", "-O2", "-pipe", "-o", "build/main", "main.c", "-lpthread"));
        argv.addAll(List.of(extraFlags));
        StepOutcome compiled = box.run(compile(argv));
        assertEquals(Termination.EXITED, compiled.termination(), () -> "compile: " + text(compiled.stderr()));
        assertEquals(Optional.of(0), compiled.exitCode(), () -> "compile: " + text(compiled.stderr()));
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static String describe(StepOutcome o) {
        return o.termination() + " exit=" + o.exitCode() + " signal=" + o.signal() + " cpu=" + o.cpuTimeMs()
                + " wall=" + o.wallTimeMs() + " mem=" + o.memoryKb() + "kB stdout=" + abbreviate(text(o.stdout()))
                + " stderr=" + abbreviate(text(o.stderr()));
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}

package dev.codeexec.executor.testing;

import dev.codeexec.executor.sandbox.Box;
import dev.codeexec.executor.sandbox.BoxFile;
import dev.codeexec.executor.sandbox.BoxSpec;
import dev.codeexec.executor.sandbox.FilesRefusedException;
import dev.codeexec.executor.sandbox.SandboxPort;
import dev.codeexec.executor.sandbox.SandboxUnavailableException;
import dev.codeexec.executor.sandbox.Step;
import dev.codeexec.executor.sandbox.StepOutcome;
import dev.codeexec.executor.sandbox.Termination;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * A hand-written {@link SandboxPort}: boxes hold files in a map and answer each step with a
 * scripted behaviour. By default a compile step "compiles" into {@code build/main} and a run step
 * echoes {@code hello <stdin>}. Records every box, step and close, and can be switched down.
 */
public final class FakeSandbox implements SandboxPort {

    /** What a step does, given the box's files. */
    public interface Behaviour extends BiFunction<Step, Map<String, BoxFile>, StepOutcome> {
    }

    public final List<FakeBox> boxes = Collections.synchronizedList(new ArrayList<>());
    public final AtomicBoolean down = new AtomicBoolean();
    /** Opens that fail although the backend answers (an image missing, a box that died). */
    public final AtomicInteger failingOpens = new AtomicInteger();
    public final AtomicInteger running = new AtomicInteger();
    public final AtomicInteger maxRunning = new AtomicInteger();
    /** Files bigger than this are refused as a real box refuses what does not fit its work dir. */
    public final java.util.concurrent.atomic.AtomicLong maxFileBytes = new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE);
    private volatile Behaviour behaviour = FakeSandbox::helloBehaviour;

    public void behave(Behaviour behaviour) {
        this.behaviour = behaviour;
    }

    @Override
    public Box open(BoxSpec spec) {
        if (down.get()) {
            throw new SandboxUnavailableException("fake docker is down");
        }
        if (failingOpens.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new SandboxUnavailableException("fake image is missing");
        }
        FakeBox box = new FakeBox(spec);
        boxes.add(box);
        return box;
    }

    @Override
    public boolean available() {
        return !down.get();
    }

    public List<FakeBox> boxes() {
        synchronized (boxes) {
            return List.copyOf(boxes);
        }
    }

    public static StepOutcome exited(int code, String stdout, String stderr) {
        return new StepOutcome(Termination.EXITED, Optional.of(code), Optional.empty(), 12, 34, 5678,
                stdout.getBytes(StandardCharsets.UTF_8), stderr.getBytes(StandardCharsets.UTF_8), false, List.of());
    }

    public static StepOutcome stopped(Termination termination) {
        return new StepOutcome(termination, Optional.empty(),
                termination == Termination.SIGNALLED ? Optional.of("SIGSEGV") : Optional.empty(),
                100, 200, 300, new byte[0], new byte[0], termination == Termination.OUTPUT_LIMIT, List.of());
    }

    /** Compile: produce build/main. Run: print "hello " + stdin. */
    public static StepOutcome helloBehaviour(Step step, Map<String, BoxFile> files) {
        if (step.collectDir().isPresent()) {
            BoxFile binary = new BoxFile(step.collectDir().get() + "/main", "ELF".getBytes(StandardCharsets.UTF_8), true);
            return new StepOutcome(Termination.EXITED, Optional.of(0), Optional.empty(), 400, 500, 60000,
                    new byte[0], new byte[0], false, List.of(binary));
        }
        return exited(0, "hello " + new String(step.stdin(), StandardCharsets.UTF_8) + "\n", "");
    }

    /** One box: its spec, the files put in it, the steps run, and whether it was closed. */
    public final class FakeBox implements Box {
        public final BoxSpec spec;
        public final Map<String, BoxFile> files = new LinkedHashMap<>();
        public final List<Step> steps = new ArrayList<>();
        public volatile boolean closed;

        FakeBox(BoxSpec spec) {
            this.spec = spec;
        }

        /** Refused files are told by the next step, once it is over, as the real box tells them. */
        private final List<String> refused = new ArrayList<>();

        @Override
        public void putFiles(List<BoxFile> newFiles) {
            for (BoxFile file : newFiles) {
                if (file.content().length > maxFileBytes.get()) {
                    refused.add(file.name() + ": No space left on device");
                } else {
                    files.put(file.name(), file);
                }
            }
        }

        @Override
        public StepOutcome run(Step step) {
            if (closed) {
                throw new IllegalStateException("box already closed");
            }
            steps.add(step);
            int now = running.incrementAndGet();
            maxRunning.accumulateAndGet(now, Math::max);
            try {
                StepOutcome outcome = behaviour.apply(step, files);
                if (!refused.isEmpty()) {
                    String names = String.join("; ", refused);
                    refused.clear();
                    throw new FilesRefusedException("files refused by the box: " + names);
                }
                return outcome;
            } finally {
                running.decrementAndGet();
            }
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}

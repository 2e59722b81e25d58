package dev.codeexec.executor.docker;

import dev.codeexec.executor.sandbox.Box;
import dev.codeexec.executor.sandbox.BoxFile;
import dev.codeexec.executor.sandbox.FilesRefusedException;
import dev.codeexec.executor.sandbox.SandboxUnavailableException;
import dev.codeexec.executor.sandbox.Step;
import dev.codeexec.executor.sandbox.StepOutcome;
import dev.codeexec.executor.sandbox.Termination;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A box backed by one container for one submission: files and steps go to boxrun as frames, outputs
 * and the report come back as frames. Each step runs in a fresh inner sandbox that sees a copy of
 * the files put in and nothing any earlier step left. Closing asks boxrun to wipe the files and
 * hands the container back for reuse only when everything went by the rules; after a broken stream,
 * a fatal error of boxrun, an OOM kill, a leftover outside the step sandboxes or
 * {@link DockerSandboxSettings#reuseSteps()} steps, the container is removed instead.
 *
 * <p>The wipe's answer is not waited for on close: the submission's result does not depend on it.
 * The container goes back to the pool owing that answer, and the pool reads it before the container
 * serves anyone again ({@link #wipedClean}): a failed wipe, or a leftover that boxrun reports then,
 * removes it instead. Boxrun handles frames in order, so the wipe is always done before any later
 * file or step reaches that container.
 */
final class DockerBox implements Box {

    /** Where a closed box goes: back to the pool ({@code true}: reusable) or away. */
    interface Release {
        void release(BoxContainer container, boolean reusable);
    }

    private static final Logger log = LoggerFactory.getLogger(DockerBox.class);

    private final BoxContainer container;
    private final DockerSandboxSettings settings;
    private final Release release;
    private boolean broken;
    private boolean recycle;
    private boolean closed;
    /** Files sent whose answers are not read yet (see {@link #putFiles}). */
    private final List<String> filesUnanswered = new ArrayList<>();

    DockerBox(BoxContainer container, DockerSandboxSettings settings, Release release) {
        this.container = container;
        this.settings = settings;
        this.release = release;
    }

    /**
     * Sends the files; a name that is not a plain relative path is refused here with
     * {@link FilesRefusedException} (a property of the request), as boxrun would refuse it. Boxrun's
     * answers are read by the next {@link #run} (after its step is sent: boxrun writes the files
     * before it takes the step, so the round trip is saved), which throws the same exception, once
     * its step is over, for a file boxrun could not write (one that does not fit the work dir).
     */
    @Override
    public void putFiles(List<BoxFile> files) {
        usable();
        for (BoxFile file : files) {
            if (!plainRelativePath(file.name())) {
                throw new FilesRefusedException("files refused by the box: " + file.name() + ": invalid path");
            }
        }
        send(files);
    }

    /** Sends files as they are, their names unchecked: boxrun answers for them (tests of its own checks). */
    void send(List<BoxFile> files) {
        for (BoxFile file : files) {
            container.send(BoxFrames.file(file));
            filesUnanswered.add(file.name());
        }
    }

    /** Boxrun's rule for a file name: relative, no empty, {@code .} or {@code ..} component, at most 1024 bytes. */
    static boolean plainRelativePath(String name) {
        if (name.isEmpty() || name.startsWith("/") || name.endsWith("/") || name.indexOf('\0') >= 0
                || name.getBytes(StandardCharsets.UTF_8).length > 1024) {
            return false;
        }
        for (String part : name.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                return false;
            }
        }
        return true;
    }

    /** Reads boxrun's answers to the files sent since the last step: the names it refused, with why. */
    private List<String> fileAnswers(long deadline) {
        List<String> refused = new ArrayList<>();
        for (String name : filesUnanswered) {
            BoxFrames.Frame frame = next(deadline, "writing files");
            if (frame.type() != BoxFrames.ACK) {
                throw brokenProtocol(frame, "an ack");
            }
            BoxFrames.ackError(frame.payload()).ifPresent(error -> refused.add(name + ": " + error));
        }
        filesUnanswered.clear();
        return refused;
    }

    @Override
    public StepOutcome run(Step step) {
        usable();
        if (step.argv().isEmpty()) {
            throw new IllegalArgumentException("a step needs an argv");
        }
        if (step.argv().stream().anyMatch(arg -> arg.indexOf('\0') >= 0)) {
            throw new IllegalArgumentException("an argv entry cannot hold a NUL character");
        }
        container.send(BoxFrames.step(step, settings.openFiles()));
        List<String> refused = fileAnswers(System.nanoTime() + settings.startTimeout().toNanos());
        long deadline = System.nanoTime() + (step.wallTimeMs() * 1_000_000L) + settings.stepGrace().toNanos();
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        List<BoxFile> artifacts = new ArrayList<>();
        while (true) {
            BoxFrames.Frame frame;
            try {
                frame = nextOrDeath(deadline);
            } catch (BoxDied died) {
                return died.outcome(stdout, stderr, step);
            }
            switch (frame.type()) {
                case BoxFrames.STDOUT -> stdout.writeBytes(frame.payload());
                case BoxFrames.STDERR -> stderr.writeBytes(frame.payload());
                case BoxFrames.ARTIFACT -> artifacts.add(BoxFrames.artifact(frame.payload()));
                case BoxFrames.REPORT -> {
                    BoxFrames.Report r = BoxFrames.report(frame.payload());
                    container.stepsServed++;
                    if (r.oomKills() > 0 || r.leftover()) {
                        recycle = true; // an anomaly: this container serves no other submission
                        if (r.leftover()) {
                            log.warn("box {}: a step left something outside its sandbox ({}); recycling it",
                                    container.id, container.diagnostics());
                        }
                    }
                    if (!refused.isEmpty()) { // the step ran without them: its outcome means nothing
                        throw new FilesRefusedException("files refused by the box: " + String.join("; ", refused));
                    }
                    return new StepOutcome(r.termination(), r.exitCode(), r.signal(), r.cpuTimeMs(), r.wallTimeMs(),
                            r.memoryKb(), stdout.toByteArray(), stderr.toByteArray(), r.truncated(), List.copyOf(artifacts));
                }
                default -> throw brokenProtocol(frame, "step output");
            }
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        boolean reusable = !broken && !recycle && container.stepsServed < settings.reuseSteps() && wipeSent();
        if (!reusable) {
            container.send(BoxFrames.quit());
        }
        release.release(container, reusable);
    }

    /** Asks boxrun to remove the submission's files and check for leftovers; its answer is owed. */
    private boolean wipeSent() {
        try {
            if (!filesUnanswered.isEmpty()) { // files put and never run: their answers come before the wipe's
                fileAnswers(System.nanoTime() + settings.startTimeout().toNanos());
            }
            container.send(BoxFrames.wipe());
            container.wipeAnswerOwed = true;
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Reads the answer to a container's last wipe, if one is owed: true when the container is clean
     * (or owes nothing), false when boxrun reported a leftover, answered anything else, or did not
     * answer within {@link DockerSandboxSettings#stepGrace()}. Called by the pool before the
     * container serves again.
     */
    static boolean wipedClean(BoxContainer container, DockerSandboxSettings settings) {
        if (!container.wipeAnswerOwed) {
            return true;
        }
        container.wipeAnswerOwed = false;
        try {
            BoxFrames.Frame ack = container.inbound().next(System.nanoTime() + settings.stepGrace().toNanos());
            if (ack.type() != BoxFrames.ACK) {
                return false;
            }
            Optional<String> error = BoxFrames.ackError(ack.payload());
            error.ifPresent(e -> log.warn("box {} is not clean after its submission ({}); recycling it", container.id, e));
            return error.isEmpty();
        } catch (InboundFrames.StreamEnded | RuntimeException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    String containerId() {
        return container.id;
    }

    private void usable() {
        if (closed || broken) {
            throw new IllegalStateException("box " + container.id + " is " + (closed ? "closed" : "broken"));
        }
    }

    private BoxFrames.Frame next(long deadline, String doing) {
        try {
            return nextOrDeath(deadline);
        } catch (BoxDied died) {
            throw new SandboxUnavailableException("box " + container.id + " died while " + doing + ": " + died.getMessage());
        }
    }

    private BoxFrames.Frame nextOrDeath(long deadline) throws BoxDied {
        try {
            BoxFrames.Frame frame = container.inbound().next(deadline);
            if (frame.type() == BoxFrames.FATAL) {
                broken = true;
                throw new SandboxUnavailableException("box " + container.id + " failed: " + frame.text());
            }
            return frame;
        } catch (InboundFrames.StreamEnded e) {
            broken = true;
            boolean oom = container.inbound().ended() && container.oomKilled().orElse(false);
            throw new BoxDied(e.getMessage() + diagnostics(), oom);
        } catch (InterruptedException e) {
            broken = true;
            Thread.currentThread().interrupt();
            throw new SandboxUnavailableException("interrupted while driving box " + container.id, e);
        }
    }

    private String diagnostics() {
        String d = container.diagnostics();
        return d.isEmpty() ? "" : " (" + d + ")";
    }

    private SandboxUnavailableException brokenProtocol(BoxFrames.Frame frame, String expected) {
        broken = true;
        return new SandboxUnavailableException("box " + container.id + " sent frame '" + (char) frame.type()
                + "' where " + expected + " was expected");
    }

    /** The box's stream ended mid-step. Only the kernel's OOM kill of the whole box is the program's doing. */
    private final class BoxDied extends Exception {
        private final boolean oomKilled;

        BoxDied(String message, boolean oomKilled) {
            super(message);
            this.oomKilled = oomKilled;
        }

        StepOutcome outcome(ByteArrayOutputStream stdout, ByteArrayOutputStream stderr, Step step) {
            if (!oomKilled) {
                throw new SandboxUnavailableException("box " + container.id + " stopped answering: " + getMessage());
            }
            log.warn("box {} ended mid-step with an OOM kill in it ({}): the step is out of memory, the box is replaced",
                    container.id, getMessage());
            return new StepOutcome(Termination.MEMORY_LIMIT, Optional.empty(), Optional.of("SIGKILL"), 0, 0,
                    container.limits.memoryMb() * 1024, stdout.toByteArray(), stderr.toByteArray(), false, List.of());
        }
    }
}

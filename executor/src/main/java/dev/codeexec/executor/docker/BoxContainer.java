package dev.codeexec.executor.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import dev.codeexec.executor.sandbox.ImageUnavailableException;
import dev.codeexec.executor.sandbox.SandboxUnavailableException;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running box container with its attached stream: created, attached, started and "ready" in
 * {@link #start}, force-removed in {@link #remove}. It lives for many submissions, one at a time
 * (see {@link WarmPool}). Knows docker-java; knows nothing of steps.
 */
final class BoxContainer {

    private static final Logger log = LoggerFactory.getLogger(BoxContainer.class);

    final String id;
    volatile BoxContainerConfig.Limits limits;
    final String image;
    /** Steps this container ran, over all the submissions it served (one at a time). */
    int stepsServed;
    /**
     * A wipe was sent and its answer not read yet ({@link DockerBox#wipedClean}). Written by the
     * thread that closes a box and read by the one that takes it next; the pool's queue orders the two.
     */
    volatile boolean wipeAnswerOwed;
    private final DockerClient docker;
    private final InboundFrames inbound;
    private final OutboundStream outbound;
    private final Attachment attachment;

    private BoxContainer(DockerClient docker, String id, String image, BoxContainerConfig.Limits limits,
                         InboundFrames inbound, OutboundStream outbound, Attachment attachment) {
        this.docker = docker;
        this.id = id;
        this.image = image;
        this.limits = limits;
        this.inbound = inbound;
        this.outbound = outbound;
        this.attachment = attachment;
    }

    void limits(BoxContainerConfig.Limits updated) {
        this.limits = updated;
    }

    InboundFrames inbound() {
        return inbound;
    }

    void send(byte[] frame) {
        outbound.send(frame);
    }

    /** What boxrun wrote to its own stderr (diagnostics), for error messages. */
    String diagnostics() {
        return attachment.stderr();
    }

    /** Creates, attaches and starts a box, and waits for boxrun's "ready". Removes it on any failure. */
    static BoxContainer start(DockerClient docker, DockerSandboxSettings settings, String image,
                              BoxContainerConfig.Limits limits) {
        String id;
        try {
            id = docker.createContainerCmd(image)
                    .withHostConfig(BoxContainerConfig.hostConfig(settings, limits))
                    .withLabels(BoxContainerConfig.labels(settings))
                    .withEnv(BoxContainerConfig.environment())
                    .withUser(settings.user())
                    .withWorkingDir(BoxContainerConfig.WORK_DIR)
                    .withHostName("box")
                    .withNetworkDisabled(true)
                    .withAttachStdin(true).withAttachStdout(true).withAttachStderr(true)
                    .withStdinOpen(true).withStdInOnce(false).withTty(false)
                    .exec().getId();
        } catch (NotFoundException e) {
            throw new ImageUnavailableException(image,
                    "runner image " + image + " is missing: build it with runners/build.sh", e);
        } catch (RuntimeException e) {
            throw new SandboxUnavailableException("Docker cannot create a box: " + e.getMessage(), e);
        }
        InboundFrames inbound = new InboundFrames();
        OutboundStream outbound = new OutboundStream();
        Attachment attachment = new Attachment(inbound);
        BoxContainer box = new BoxContainer(docker, id, image, limits, inbound, outbound, attachment);
        try {
            docker.attachContainerCmd(id).withStdIn(outbound).withStdOut(true).withStdErr(true)
                    .withFollowStream(true).withLogs(false).exec(attachment);
            long deadline = System.nanoTime() + settings.startTimeout().toNanos();
            if (!attachment.started.await(settings.startTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                throw new SandboxUnavailableException("attaching to box " + id + " timed out");
            }
            docker.startContainerCmd(id).exec();
            BoxFrames.Frame ready = inbound.next(deadline);
            if (ready.type() != BoxFrames.READY || !ready.text().equals(BoxFrames.PROTOCOL_VERSION)) {
                throw new ImageUnavailableException(image, "box " + id + " did not say '" + BoxFrames.PROTOCOL_VERSION
                        + "' but '" + ready.text() + "' (" + (char) ready.type() + "); rebuild the runner images", null);
            }
            return box;
        } catch (InboundFrames.StreamEnded e) {
            String why = box.diagnostics();
            box.remove();
            throw new ImageUnavailableException(image, "box of " + image + " did not start: " + e.getMessage()
                    + (why.isEmpty() ? "" : ": " + why), e);
        } catch (InterruptedException e) {
            box.remove();
            Thread.currentThread().interrupt();
            throw new SandboxUnavailableException("interrupted while starting a box", e);
        } catch (RuntimeException e) {
            box.remove();
            throw e instanceof SandboxUnavailableException s ? s
                    : new SandboxUnavailableException("Docker cannot start a box: " + e.getMessage(), e);
        }
    }

    /** The container's state after its stream ended: did the kernel OOM-kill it? */
    Optional<Boolean> oomKilled() {
        try {
            InspectContainerResponse.ContainerState state = docker.inspectContainerCmd(id).exec().getState();
            return Optional.ofNullable(state.getOOMKilled());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Kills and removes the container; never throws (a box already gone is fine). */
    boolean remove() {
        outbound.finish();
        try {
            docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
            return true;
        } catch (NotFoundException e) {
            return true;
        } catch (RuntimeException e) {
            log.warn("could not remove box {} (removeOrphans will): {}", id, e.toString());
            return false;
        } finally {
            attachment.closeQuietly();
        }
    }

    /** docker-java's callback for the attached stream: stdout goes to the frames, stderr is kept. */
    private static final class Attachment extends ResultCallback.Adapter<Frame> {
        private final InboundFrames inbound;
        private final CountDownLatch started = new CountDownLatch(1);
        private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

        Attachment(InboundFrames inbound) {
            this.inbound = inbound;
        }

        @Override
        public void onStart(Closeable stream) {
            super.onStart(stream);
            started.countDown();
        }

        @Override
        public void onNext(Frame frame) {
            if (frame.getStreamType() == StreamType.STDERR) {
                synchronized (stderr) {
                    if (stderr.size() < 4096) {
                        stderr.writeBytes(frame.getPayload());
                    }
                }
            } else {
                inbound.offer(frame.getPayload().clone()); // docker-java reuses its buffers
            }
        }

        @Override
        public void onError(Throwable throwable) {
            inbound.end();
            super.onError(throwable);
        }

        @Override
        public void onComplete() {
            inbound.end();
            super.onComplete();
        }

        String stderr() {
            synchronized (stderr) {
                return stderr.toString(StandardCharsets.UTF_8).strip();
            }
        }

        void closeQuietly() {
            try {
                close();
            } catch (Exception ignored) {
                // the stream is gone with the container
            }
        }
    }
}

package dev.codeexec.executor.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import dev.codeexec.executor.sandbox.Box;
import dev.codeexec.executor.sandbox.BoxSpec;
import dev.codeexec.executor.sandbox.SandboxPort;
import dev.codeexec.executor.sandbox.SandboxUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SandboxPort} on a Docker engine: a box is a long-lived container of the runner image, locked
 * down as {@link BoxContainerConfig} says, labelled with this executor's id, used by one submission
 * at a time; inside it boxrun runs every step in a fresh sandbox of its own (runners/boxrun). A
 * closed box goes back to the {@link WarmPool} when it is clean, and is removed after
 * {@link DockerSandboxSettings#reuseSteps()} steps or on any anomaly.
 *
 * <p>Call {@link #removeOrphans()} at start and {@link #close()} at shutdown.
 */
public final class DockerSandbox implements SandboxPort, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DockerSandbox.class);

    private final DockerSandboxSettings settings;
    private final DockerClient docker;
    private final WarmPool pool;
    private final BoxRemover remover;

    public DockerSandbox(DockerSandboxSettings settings) {
        this.settings = settings;
        this.docker = DockerClients.create(settings);
        this.remover = new BoxRemover(settings.removeInBackground());
        this.pool = new WarmPool(settings, this::startContainer, remover::remove);
    }

    /** Starts filling the warm pool in the background (no-op without a pool configured). */
    public void startWarmPool() {
        pool.start();
    }

    /**
     * Keeps boxes of this spec warm from the next {@link #startWarmPool()} on, as if a submission had
     * already asked for one (no-op for an image without a pool): e.g. the compile limits, so that
     * the first compile does not wait for a box of its shape.
     */
    public void expect(BoxSpec spec) {
        pool.learn(spec.image(), new BoxContainerConfig.Limits(spec.memoryMb(), spec.processes(), spec.workDirMb()));
    }

    /** Warm boxes ready for an image right now (0 without a pool). */
    public int warmBoxesReady(String image) {
        return pool.ready(image);
    }

    @Override
    public Box open(BoxSpec spec) {
        if (spec.memoryMb() <= 0 || spec.processes() <= 0 || spec.workDirMb() <= 0) {
            throw new IllegalArgumentException("box limits must be positive: " + spec);
        }
        BoxContainerConfig.Limits limits = new BoxContainerConfig.Limits(spec.memoryMb(), spec.processes(), spec.workDirMb());
        BoxContainer container = pool.take(spec.image(), limits, docker).orElseGet(() -> {
            BoxContainer cold = startContainer(spec.image(), limits);
            pool.lendCold(cold);
            return cold;
        });
        return new DockerBox(container, settings, pool::giveBack);
    }

    @Override
    public boolean available() {
        try {
            docker.pingCmd().exec();
            pool.start(); // tops the warm pool up again after the engine was away (no-op when full)
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** True when the engine has this image (used to fail early with "run runners/build.sh"). */
    public boolean hasImage(String image) {
        try {
            docker.inspectImageCmd(image).exec();
            return true;
        } catch (com.github.dockerjava.api.exception.NotFoundException e) {
            return false;
        } catch (RuntimeException e) {
            throw new SandboxUnavailableException("Docker does not answer: " + e.getMessage(), e);
        }
    }

    /** Ids of the containers waiting in the pool for the next submission (warm or reused). */
    public java.util.Set<String> idleBoxes() {
        return pool.idle();
    }

    /** Waits until boxes closed so far are removed (they are removed in the background by default). */
    public boolean awaitRemovals(java.time.Duration max) {
        return remover.awaitIdle(max);
    }

    /** Force-removes every box of this executor id left by an earlier run; returns how many. */
    public int removeOrphans() {
        List<Container> boxes;
        try {
            boxes = docker.listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of(DockerSandboxSettings.BOX_LABEL, "true",
                            DockerSandboxSettings.EXECUTOR_LABEL, settings.executorId()))
                    .exec();
        } catch (RuntimeException e) {
            throw new SandboxUnavailableException("Docker does not answer: " + e.getMessage(), e);
        }
        int removed = 0;
        for (Container c : boxes) {
            if (pool.owns(c.getId())) {
                continue;
            }
            try {
                docker.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
                removed++;
            } catch (com.github.dockerjava.api.exception.NotFoundException e) {
                // gone meanwhile
            } catch (RuntimeException e) {
                log.warn("could not remove orphan box {}: {}", c.getId(), e.toString());
            }
        }
        return removed;
    }

    /**
     * Force-removes the boxes of other executors of the same fleet (label
     * {@link DockerSandboxSettings#FLEET_LABEL}, given at creation) that are gone: their executor id
     * is not live and the box is older than {@code olderThan}. Boxes without this fleet's label
     * (other deployments, other tools) are never touched. Returns how many were removed.
     */
    public int removeBoxesOfGoneExecutors(String fleet, Predicate<String> executorLive, Duration olderThan) {
        List<Container> boxes;
        try {
            boxes = docker.listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of(DockerSandboxSettings.BOX_LABEL, "true", DockerSandboxSettings.FLEET_LABEL, fleet))
                    .exec();
        } catch (RuntimeException e) {
            throw new SandboxUnavailableException("Docker does not answer: " + e.getMessage(), e);
        }
        long newestAllowed = Instant.now().minus(olderThan).getEpochSecond();
        int removed = 0;
        for (Container c : boxes) {
            String executor = c.getLabels().get(DockerSandboxSettings.EXECUTOR_LABEL);
            if (executor == null || executor.equals(settings.executorId()) || executorLive.test(executor)
                    || c.getCreated() == null || c.getCreated() > newestAllowed) {
                continue;
            }
            try {
                docker.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
                removed++;
                log.info("removed box {} of executor {}, which is gone", c.getId(), executor);
            } catch (com.github.dockerjava.api.exception.NotFoundException e) {
                // gone meanwhile
            } catch (RuntimeException e) {
                log.warn("could not remove box {} of gone executor {}: {}", c.getId(), executor, e.toString());
            }
        }
        return removed;
    }

    /** The fleet label this sandbox stamps on its boxes, if any. */
    public java.util.Optional<String> fleet() {
        return java.util.Optional.ofNullable(settings.labels().get(DockerSandboxSettings.FLEET_LABEL));
    }

    /** Ids of this executor's boxes that exist right now, running or not. */
    public List<String> boxIds() {
        try {
            return docker.listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of(DockerSandboxSettings.BOX_LABEL, "true",
                            DockerSandboxSettings.EXECUTOR_LABEL, settings.executorId()))
                    .exec().stream().map(Container::getId).toList();
        } catch (RuntimeException e) {
            throw new SandboxUnavailableException("Docker does not answer: " + e.getMessage(), e);
        }
    }

    /** Removes the warm boxes and every other box of this executor, then closes the client. */
    @Override
    public void close() {
        pool.close();
        remover.close();
        try {
            removeOrphans();
        } catch (RuntimeException e) {
            log.warn("boxes may be left behind: {}", e.toString());
        }
        try {
            docker.close();
        } catch (java.io.IOException e) {
            log.debug("closing the Docker client", e);
        }
    }

    DockerSandboxSettings settings() {
        return settings;
    }

    private BoxContainer startContainer(String image, BoxContainerConfig.Limits limits) {
        return BoxContainer.start(docker, settings, image, limits);
    }
}

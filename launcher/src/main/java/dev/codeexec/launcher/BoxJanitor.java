package dev.codeexec.launcher;

import com.github.dockerjava.api.DockerClient;
import dev.codeexec.executor.docker.DockerClients;
import dev.codeexec.executor.docker.DockerSandbox;
import dev.codeexec.executor.docker.DockerSandboxSettings;
import java.util.List;

/**
 * Removes sandbox containers ("boxes") that are still there when the standalone mode stops, e.g.
 * a run that was in progress at Ctrl-C, through the executor's own {@link DockerSandbox}: only
 * the boxes labelled with this standalone executor's id are touched, never those of another
 * executor on the same engine.
 */
final class BoxJanitor {

    private BoxJanitor() {
    }

    /** Force-removes every box of this executor; returns how many there were. Never throws: it runs at shutdown. */
    static int removeLeftoverBoxes(String executorId) {
        try (DockerSandbox sandbox = sandbox(executorId)) {
            return sandbox.removeOrphans();
        } catch (RuntimeException e) {
            System.err.println("Could not check for leftover sandbox containers: " + e.getMessage());
            return 0;
        }
    }

    /** The ids of this executor's boxes that exist right now (running or not). */
    static List<String> leftoverBoxes(String executorId) {
        try (DockerSandbox sandbox = sandbox(executorId)) {
            return sandbox.boxIds();
        }
    }

    /** A Docker client on the engine the executor uses by default. */
    static DockerClient client() {
        return DockerClients.create(DockerSandboxSettings.defaults());
    }

    private static DockerSandbox sandbox(String executorId) {
        return new DockerSandbox(DockerSandboxSettings.defaults().withExecutorId(executorId));
    }
}

package dev.codeexec.launcher;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import dev.codeexec.executor.docker.DockerSandboxSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Removes sandbox containers ("boxes") that are still there when the standalone mode stops, e.g.
 * a run that was in progress at Ctrl-C. Boxes carry the executor's labels
 * {@link DockerSandboxSettings#BOX_LABEL}{@code =true} and {@link DockerSandboxSettings#EXECUTOR_LABEL}
 * with their executor's id; only this standalone executor's boxes are touched, never those of
 * another executor on the same engine.
 */
final class BoxJanitor {

    private BoxJanitor() {
    }

    /** Force-removes every box; returns how many there were. Never throws: it runs at shutdown. */
    static int removeLeftoverBoxes(String executorId) {
        try (DockerClient docker = client()) {
            List<Container> boxes = leftoverBoxes(docker, executorId);
            for (Container box : boxes) {
                try {
                    docker.removeContainerCmd(box.getId()).withForce(true).withRemoveVolumes(true).exec();
                } catch (RuntimeException e) {
                    // removed concurrently by the executor, or already going away
                }
            }
            return boxes.size();
        } catch (Exception e) {
            System.err.println("Could not check for leftover sandbox containers: " + e.getMessage());
            return 0;
        }
    }

    /** The boxes of this executor that exist right now (running or not). */
    static List<Container> leftoverBoxes(DockerClient docker, String executorId) {
        return docker.listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of(DockerSandboxSettings.BOX_LABEL, "true",
                        DockerSandboxSettings.EXECUTOR_LABEL, executorId))
                .exec();
    }

    static DockerClient client() {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .connectionTimeout(Duration.ofSeconds(5))
                .responseTimeout(Duration.ofSeconds(30))
                .build();
        return DockerClientImpl.getInstance(config, http);
    }
}

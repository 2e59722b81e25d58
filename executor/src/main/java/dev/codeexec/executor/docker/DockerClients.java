package dev.codeexec.executor.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.time.Duration;

/** Builds the docker-java client (Apache httpclient5 transport) from the sandbox settings. */
public final class DockerClients {

    private DockerClients() {
    }

    public static DockerClient create(DockerSandboxSettings settings) {
        DefaultDockerClientConfig.Builder config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(settings.dockerHost());
        if (settings.apiVersion() != null && !settings.apiVersion().isBlank()) {
            config.withApiVersion(settings.apiVersion());
        }
        DefaultDockerClientConfig built = config.build();
        // no response timeout: attached streams of warm boxes stay idle for as long as they wait
        ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
                .dockerHost(built.getDockerHost())
                .sslConfig(built.getSSLConfig())
                .maxConnections(256)
                .connectionTimeout(Duration.ofSeconds(5))
                .build();
        return DockerClientImpl.getInstance(built, http);
    }
}

package dev.codeexec.executor.docker;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.github.dockerjava.api.model.HostConfig;
import java.util.List;

/**
 * docker-java's host config plus the two fields it does not model, both empty: no masked and no
 * read-only paths in the container's /proc ({@code --security-opt systempaths=unconfined}). A
 * procfs cannot be mounted over a /proc with hidden parts, and boxrun mounts a fresh one for every
 * step (its PID namespace only) and masks the same paths in it again itself, so the program sees
 * exactly what Docker's defaults show.
 */
final class UnmaskedHostConfig extends HostConfig {

    private static final long serialVersionUID = 1L;

    @JsonProperty("MaskedPaths")
    private final List<String> maskedPaths = List.of();

    @JsonProperty("ReadonlyPaths")
    private final List<String> readonlyPaths = List.of();

    List<String> maskedPaths() {
        return maskedPaths;
    }

    List<String> readonlyPaths() {
        return readonlyPaths;
    }
}

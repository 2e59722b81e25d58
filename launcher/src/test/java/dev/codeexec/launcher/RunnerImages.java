package dev.codeexec.launcher;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import java.util.ArrayList;
import java.util.List;

/** The end-to-end tests need real runner images; say how to get them instead of timing out. */
public final class RunnerImages {

    private RunnerImages() {
    }

    public static void requirePresent(String... languages) {
        List<String> missing = new ArrayList<>();
        try (DockerClient docker = BoxJanitor.client()) {
            docker.pingCmd().exec();
            for (String language : languages) {
                String image = "codeexec-runner-" + language + ":2";
                try {
                    docker.inspectImageCmd(image).exec();
                } catch (NotFoundException e) {
                    missing.add(image);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("no Docker engine answers (" + e.getMessage()
                    + "); run the tests with ./codeexec test, which starts one", e);
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("runner images missing: " + missing
                    + "; build them with ./codeexec images (./codeexec test does it first)");
        }
    }
}

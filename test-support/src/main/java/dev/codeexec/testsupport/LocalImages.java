package dev.codeexec.testsupport;

import com.github.dockerjava.api.exception.NotFoundException;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.images.ImagePullPolicy;

/**
 * The images tests start containers from are built on this machine ({@code deploy/images.sh}): no
 * registry is reachable, so a missing image is a clear failure before any container is created,
 * never an attempt to pull.
 */
public final class LocalImages {

    /** Testcontainers' policy for every test container: never pull. */
    static final ImagePullPolicy NEVER_PULL = image -> false;

    private LocalImages() {
    }

    /** Fails with what to run when {@code image} is not in the local Docker engine. */
    public static void require(String image) {
        try {
            DockerClientFactory.instance().client().inspectImageCmd(image).exec();
        } catch (NotFoundException e) {
            throw new IllegalStateException("the test image " + image + " is not on this machine, and tests never pull:"
                    + " build it with `deploy/images.sh --infra` (./codeexec test and ./codeexec images do it)", e);
        }
    }
}

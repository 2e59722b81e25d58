package dev.codeexec.executor.sandbox;

/**
 * The engine answers but gives no working box of one image: the image is missing, or its box
 * does not start. It concerns that image's language only, so the use case retries a few times and
 * then finishes the submission with INTERNAL_ERROR instead of pausing the executor; when the
 * engine itself has gone away meanwhile, it is handled as any {@link SandboxUnavailableException}.
 */
public class ImageUnavailableException extends SandboxUnavailableException {

    private final String image;

    public ImageUnavailableException(String image, String message, Throwable cause) {
        super(message, cause);
        this.image = image;
    }

    public String image() {
        return image;
    }
}

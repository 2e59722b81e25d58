package dev.codeexec.storage.gcs;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How to reach a bucket.
 *
 * @param bucket          the bucket holding the objects (it must exist)
 * @param projectId       the Google Cloud project; empty to take it from the environment
 * @param endpoint        an endpoint override for emulators (then no credentials are sent);
 *                        empty for real GCS with Application Default Credentials
 * @param timeout         connect and read timeout of one HTTP call, and the total time the
 *                        client spends retrying one operation before it gives up
 * @param signingKeyFile  a service-account JSON key used to sign URLs; empty to sign with the
 *                        default credentials (which must be able to sign)
 */
public record GcsSettings(String bucket, Optional<String> projectId, Optional<URI> endpoint, Duration timeout,
        Optional<Path> signingKeyFile) {
}

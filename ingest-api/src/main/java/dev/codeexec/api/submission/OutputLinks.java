package dev.codeexec.api.submission;

import java.time.Duration;
import java.util.Optional;

/** Expiring download links to outputs kept in object storage. */
public interface OutputLinks {

    /** A link to the object, valid for {@code ttl}; empty when there is no such object or no store. */
    Optional<String> linkTo(String objectKey, Duration ttl);

    /** No object store: no links. */
    static OutputLinks none() {
        return (key, ttl) -> Optional.empty();
    }
}

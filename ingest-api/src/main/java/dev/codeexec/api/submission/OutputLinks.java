package dev.codeexec.api.submission;

import java.time.Duration;
import java.util.Optional;

/** Expiring download links to program outputs. */
public interface OutputLinks {

    /** A link to an output object that object storage holds, valid for {@code ttl}; empty when there is no store. */
    Optional<String> linkTo(String objectKey, Duration ttl);

    /**
     * A link the API itself serves for the output with this key, valid for {@code ttl}: it answers
     * from object storage, or from the bytes kept in PostgreSQL when there is no object (empty outputs).
     */
    Optional<String> apiLinkTo(String objectKey, Duration ttl);

    /** No object store: no links. */
    static OutputLinks none() {
        return new OutputLinks() {
            @Override
            public Optional<String> linkTo(String objectKey, Duration ttl) {
                return Optional.empty();
            }

            @Override
            public Optional<String> apiLinkTo(String objectKey, Duration ttl) {
                return Optional.empty();
            }
        };
    }
}

package dev.codeexec.api.submission;

import java.util.Optional;

/** Output objects as the API serves them behind signed links. */
public interface OutputObjectsPort {

    /** What checking a link's signature and expiry found. */
    enum LinkState { VALID, EXPIRED, INVALID }

    LinkState verify(String key, String expires, String signature);

    /** The object's bytes; empty when object storage has no such object. */
    Optional<byte[]> read(String key);
}

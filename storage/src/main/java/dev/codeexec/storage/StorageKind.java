package dev.codeexec.storage;

/** Which adapter holds the objects; {@link ObjectStores#open} builds it. */
public enum StorageKind {

    /** Pack files under a directory of this machine: the standalone mode's default. */
    LOCAL,

    /** Rows of the {@code objects} table in the shared PostgreSQL: the compose deployment's default. */
    POSTGRES,

    /** A Google Cloud Storage bucket. */
    GCS
}

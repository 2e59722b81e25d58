package dev.codeexec.storage;

import dev.codeexec.storage.gcs.GcsSettings;
import java.nio.file.Path;

/**
 * Which object store the API and the results sink open, and what each kind needs (the one shape
 * both services' {@code storage} properties are turned into).
 *
 * @param kind      the adapter
 * @param localRoot the directory of {@link StorageKind#LOCAL} (the API and the sink must name the same one)
 * @param gcs       the bucket of {@link StorageKind#GCS}
 */
public record ObjectStoreSettings(StorageKind kind, Path localRoot, GcsSettings gcs) {

    public ObjectStoreSettings {
        java.util.Objects.requireNonNull(kind, "kind");
        java.util.Objects.requireNonNull(localRoot, "localRoot");
        java.util.Objects.requireNonNull(gcs, "gcs");
    }
}

package dev.codeexec.storage;

import dev.codeexec.storage.gcs.GcsObjectStore;
import dev.codeexec.storage.links.LinkSigner;
import dev.codeexec.storage.local.LocalObjectStore;
import dev.codeexec.storage.postgres.PostgresObjectStore;
import java.util.Optional;
import javax.sql.DataSource;

/** The one place that turns {@link ObjectStoreSettings} into an adapter; the API and the sink call it. */
public final class ObjectStores {

    private ObjectStores() {
    }

    /**
     * Opens the store {@code settings} name.
     *
     * @param links    signs the links the API serves to local and PostgreSQL objects; empty where
     *                 no links are handed out (the sink). GCS signs its own URLs.
     * @param database the PostgreSQL the services share, used by {@link StorageKind#POSTGRES}
     */
    public static ObjectStorePort open(ObjectStoreSettings settings, Optional<LinkSigner> links, DataSource database) {
        return switch (settings.kind()) {
            case LOCAL -> new LocalObjectStore(settings.localRoot(), links.orElse(null));
            case POSTGRES -> new PostgresObjectStore(database, links.orElse(null));
            case GCS -> GcsObjectStore.create(settings.gcs());
        };
    }
}

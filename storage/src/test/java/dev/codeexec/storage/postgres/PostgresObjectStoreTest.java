package dev.codeexec.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codeexec.storage.Durability;
import dev.codeexec.storage.ObjectKeys;
import dev.codeexec.storage.ObjectStorePort;
import dev.codeexec.storage.ObjectStoreSettings;
import dev.codeexec.storage.ObjectStoreUnavailableException;
import dev.codeexec.storage.ObjectStores;
import dev.codeexec.storage.StorageKind;
import dev.codeexec.storage.gcs.GcsSettings;
import dev.codeexec.storage.links.LinkSigner;
import dev.codeexec.testsupport.PostgresContainer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL store against a real PostgreSQL 15 (the JVM's {@link PostgresContainer}, a fresh
 * database) migrated by the real Flyway migrations.
 */
class PostgresObjectStoreTest {

    private static final PostgresContainer postgres = PostgresContainer.shared();
    private static ObjectStorePort store;
    private static final LinkSigner LINKS = new LinkSigner(new byte[32], URI.create("http://api.test/api/v1/objects/"),
            Clock.systemUTC());

    @BeforeAll
    static void migrate() {
        store = ObjectStores.open(settings(StorageKind.POSTGRES), Optional.of(LINKS), migrated("objects"));
    }

    @Test
    void theFactoryOpensThePostgresAdapterForThePostgresKind() {
        assertThat(store).isInstanceOf(PostgresObjectStore.class);
    }

    @Test
    void anObjectReadsBackAsTheExactBytesAndASecondWriteReplacesIt() {
        String key = ObjectKeys.stdout("exact", 0);
        byte[] binary = {0, (byte) 0xff, (byte) 0xc3, 0x28, '\n', 0};

        store.put(key, binary, ObjectKeys.BINARY);
        assertThat(store.get(key)).contains(binary);
        assertThat(store.exists(key)).isTrue();

        store.put(key, "second".getBytes(), ObjectKeys.TEXT, Durability.REPLICA);
        assertThat(store.get(key)).contains("second".getBytes());
        assertThat(store.get(ObjectKeys.stderr("exact", 0))).isEmpty();
        assertThat(store.exists(ObjectKeys.stderr("exact", 0))).isFalse();
    }

    @Test
    void aBatchIsStoredWholeAndRedeliveringItChangesNothing() {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<ObjectStorePort.Write> writes = List.of(
                    new ObjectStorePort.Write(ObjectKeys.stdout("batch", 1), "b".getBytes(), ObjectKeys.TEXT, Durability.DURABLE),
                    new ObjectStorePort.Write(ObjectKeys.stdout("batch", 0), "a".getBytes(), ObjectKeys.TEXT, Durability.REPLICA));
            store.putAll(writes, pool);
            store.putAll(writes, pool);

            assertThat(store.get(ObjectKeys.stdout("batch", 0))).contains("a".getBytes());
            assertThat(store.get(ObjectKeys.stdout("batch", 1))).contains("b".getBytes());
            assertThat(store.deleteByPrefix(ObjectKeys.submission("batch"))).isEqualTo(2);
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void deletingAPrefixTakesOnlyKeysStartingWithItEvenWhenItHoldsLikeWildcards() {
        store.put(ObjectKeys.stdout("a_b", 0), new byte[1], ObjectKeys.TEXT);
        store.put(ObjectKeys.stdout("a_b", 1), new byte[1], ObjectKeys.TEXT);
        store.put(ObjectKeys.stdout("axb", 0), new byte[1], ObjectKeys.TEXT);
        store.put(ObjectKeys.stdout("a_bc", 0), new byte[1], ObjectKeys.TEXT);

        assertThat(store.deleteByPrefix(ObjectKeys.submission("a_b"))).isEqualTo(2);

        assertThat(store.exists(ObjectKeys.stdout("a_b", 0))).isFalse();
        assertThat(store.exists(ObjectKeys.stdout("axb", 0))).isTrue();
        assertThat(store.exists(ObjectKeys.stdout("a_bc", 0))).isTrue();
    }

    @Test
    void linksAreTheApisSignedLinks() {
        URI link = store.signedUrl(ObjectKeys.stdout("linked", 0), Duration.ofMinutes(5));

        assertThat(link.toString()).startsWith("http://api.test/api/v1/objects/submissions/linked/runs/0/stdout?");
        assertThat(link.getQuery()).contains(LinkSigner.SIGNATURE + "=");
    }

    @Test
    void badKeysAreRefusedBeforeTheDatabaseIsAsked() {
        assertThatThrownBy(() -> store.put("../etc/passwd", new byte[1], ObjectKeys.TEXT))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDatabaseThatCannotBeReachedIsAnUnavailableStoreNotAnEmptyOne() {
        ObjectStorePort unreachable = ObjectStores.open(settings(StorageKind.POSTGRES), Optional.empty(), migrated("gone"));
        unreachable.put(ObjectKeys.stdout("gone", 0), new byte[1], ObjectKeys.TEXT);
        postgres.stop();
        try {
            assertThatThrownBy(() -> unreachable.get(ObjectKeys.stdout("gone", 0)))
                    .isInstanceOf(ObjectStoreUnavailableException.class);
            assertThatThrownBy(() -> unreachable.put(ObjectKeys.stdout("gone", 1), new byte[1], ObjectKeys.TEXT))
                    .isInstanceOf(ObjectStoreUnavailableException.class);
        } finally {
            postgres.startAgain();
        }
        assertThat(unreachable.get(ObjectKeys.stdout("gone", 0))).as("kept through the outage").contains(new byte[1]);
    }

    private static DataSource migrated(String name) {
        DataSource dataSource = postgres.dataSource(postgres.newDatabase(name));
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        return dataSource;
    }

    private static ObjectStoreSettings settings(StorageKind kind) {
        return new ObjectStoreSettings(kind, Path.of("target/unused-objects"), new GcsSettings("unused", Optional.empty(),
                Optional.empty(), Duration.ofSeconds(1), Optional.empty()));
    }
}

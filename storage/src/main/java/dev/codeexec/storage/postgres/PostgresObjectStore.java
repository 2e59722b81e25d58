package dev.codeexec.storage.postgres;

import dev.codeexec.storage.ObjectKeys;
import dev.codeexec.storage.ObjectStorePort;
import dev.codeexec.storage.ObjectStoreUnavailableException;
import dev.codeexec.storage.links.LinkSigner;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/**
 * Objects as rows of the {@code objects} table in the same PostgreSQL the API and the sink already
 * share: nothing to run besides the database, and every machine that reaches the database reads
 * every output. Writes are upserts (the same key written twice holds the last bytes), durable when
 * the statement commits. Links are HMAC links served by the API, as for local files.
 *
 * <p>Fits outputs of the sizes codeexec produces (at most a few MB each); use GCS for large
 * volumes of large objects.
 */
public final class PostgresObjectStore implements ObjectStorePort {

    private static final String UPSERT = "INSERT INTO objects (key, content_type, bytes) VALUES (?, ?, ?)"
            + " ON CONFLICT (key) DO UPDATE SET content_type = EXCLUDED.content_type, bytes = EXCLUDED.bytes,"
            + " written_at = now()";

    private final DataSource database;
    private final LinkSigner links;

    /** @param links signs the API's links to objects; null where no links are handed out (the sink) */
    public PostgresObjectStore(DataSource database, LinkSigner links) {
        this.database = database;
        this.links = links;
    }

    @Override
    public void put(String key, byte[] bytes, String contentType) {
        putAll(List.of(new Write(key, bytes, contentType, dev.codeexec.storage.Durability.DURABLE)), Runnable::run);
    }

    /** One transaction with one batched upsert for all writes: one round trip, one commit. */
    @Override
    public void putAll(List<Write> writes, Executor executor) {
        writes.forEach(w -> ObjectKeys.check(w.key()));
        if (writes.isEmpty()) {
            return;
        }
        try (Connection c = database.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement upsert = c.prepareStatement(UPSERT)) {
                // sorted by key: two sinks writing overlapping batches lock rows in the same order
                for (Write w : writes.stream().sorted(java.util.Comparator.comparing(Write::key)).toList()) {
                    upsert.setString(1, w.key());
                    upsert.setString(2, w.contentType());
                    upsert.setBytes(3, w.bytes());
                    upsert.addBatch();
                }
                upsert.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw unavailable("cannot write " + writes.size() + " object(s), the first " + writes.get(0).key(), e);
        }
    }

    @Override
    public Optional<byte[]> get(String key) {
        ObjectKeys.check(key);
        try (Connection c = database.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT bytes FROM objects WHERE key = ?")) {
            select.setString(1, key);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(row.getBytes(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw unavailable("cannot read " + key, e);
        }
    }

    @Override
    public boolean exists(String key) {
        ObjectKeys.check(key);
        try (Connection c = database.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT 1 FROM objects WHERE key = ?")) {
            select.setString(1, key);
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        } catch (SQLException e) {
            throw unavailable("cannot look up " + key, e);
        }
    }

    @Override
    public int deleteByPrefix(String prefix) {
        ObjectKeys.checkPrefix(prefix);
        try (Connection c = database.getConnection();
                PreparedStatement delete = c.prepareStatement("DELETE FROM objects WHERE key LIKE ? ESCAPE '\\'")) {
            delete.setString(1, likePrefix(prefix));
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw unavailable("cannot delete under " + prefix, e);
        }
    }

    @Override
    public URI signedUrl(String key, Duration ttl) {
        ObjectKeys.check(key);
        if (links == null) {
            throw new IllegalStateException("this PostgreSQL store has no link signer");
        }
        return links.sign(key, ttl);
    }

    /** {@code prefix} as a LIKE pattern matching the keys that start with it, wildcards escaped. */
    static String likePrefix(String prefix) {
        return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    private static ObjectStoreUnavailableException unavailable(String what, SQLException e) {
        return new ObjectStoreUnavailableException(what + " in PostgreSQL: " + e.getMessage(), e);
    }
}

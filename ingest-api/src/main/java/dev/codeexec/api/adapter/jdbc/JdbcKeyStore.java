package dev.codeexec.api.adapter.jdbc;

import dev.codeexec.api.auth.KeyStorePort;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The api_keys table (migration V2 in the storage module). */
public final class JdbcKeyStore implements KeyStorePort {

    private final JdbcClient jdbc;

    public JdbcKeyStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<StoredKey> findByHash(String keyHash) {
        return jdbc.sql("SELECT id, tenant, admin FROM api_keys WHERE key_hash = :h AND revoked_at IS NULL")
                .param("h", keyHash)
                .query((rs, n) -> new StoredKey(rs.getString("id"), rs.getString("tenant"), rs.getBoolean("admin")))
                .optional();
    }

    @Override
    public void insert(StoredKey key, String keyHash) {
        jdbc.sql("INSERT INTO api_keys (id, tenant, key_hash, admin) VALUES (:id, :tenant, :h, :admin)")
                .param("id", key.id()).param("tenant", key.tenant()).param("h", keyHash).param("admin", key.admin())
                .update();
    }

    @Override
    public boolean revoke(String id) {
        return jdbc.sql("UPDATE api_keys SET revoked_at = now() WHERE id = :id AND revoked_at IS NULL")
                .param("id", id).update() == 1;
    }
}
